namespace LiveDash.Bench.Framework;

/// <summary>What a scenario needs from the harness: phase lengths, cancellation and a progress log.</summary>
internal sealed class BenchContext
{
    /// <summary>Length of the untimed warm-up before each measurement (JIT tiering, pools, caches).</summary>
    public required TimeSpan Warmup { get; init; }

    /// <summary>Length of the timed phase of each measurement.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Cancelled by Ctrl-C.</summary>
    public required CancellationToken CancellationToken { get; init; }

    /// <summary>Progress lines; kept apart from the result table so the table can be piped.</summary>
    public required TextWriter Log { get; init; }

    /// <summary>Client counts from <c>--clients</c> for the scenarios that take them; null = the scenario's own.</summary>
    public IReadOnlyList<int>? Clients { get; init; }

    /// <summary>Gateway processes from <c>--gateways</c> (<c>connections</c> held over several gateways); null = the scenario's own rows.</summary>
    public int? Gateways { get; init; }

    /// <summary><c>--quick</c>: a smoke run (few clients, short phases) that checks the scenario works, not a measurement.</summary>
    public bool Quick { get; init; }
}
