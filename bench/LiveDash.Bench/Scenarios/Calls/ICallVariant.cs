namespace LiveDash.Bench.Scenarios.Calls;

/// <summary>A way of making the <c>calls</c> scenario's round trip (a plain channel, a grain call).</summary>
internal interface ICallVariant
{
    /// <summary>The variant column of the result table.</summary>
    string Name { get; }

    /// <summary>Whether the other variants are compared with this one.</summary>
    bool IsBaseline { get; }

    /// <summary>Starts a fresh callee; each measurement gets its own and disposes it afterwards.</summary>
    Task<ICallTarget> StartAsync(CancellationToken cancellationToken);
}
