namespace LiveDash.Runtime.Membership;

/// <summary>One silo's row in the membership table.</summary>
public sealed record MembershipEntry
{
    /// <summary>The silo.</summary>
    public required SiloAddress Silo { get; init; }

    /// <summary>Its status.</summary>
    public required SiloStatus Status { get; init; }

    /// <summary>The machine it runs on, for operators.</summary>
    public string HostName { get; init; } = string.Empty;

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>The last time it wrote that it is alive.</summary>
    public required DateTimeOffset IAmAliveTime { get; init; }

    /// <summary>Votes that it is dead, oldest first.</summary>
    public IReadOnlyList<SuspectVote> Suspicions { get; init; } = [];
}
