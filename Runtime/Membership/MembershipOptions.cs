namespace LiveDash.Runtime.Membership;

/// <summary>
/// Failure detection and membership timings (configuration section <c>LiveDash:Runtime:Membership</c>).
/// </summary>
/// <remarks>
/// The defaults detect a crashed silo in about 3–4 s and a hung one in about 4–5 s: every silo probes
/// every other once per <see cref="ProbePeriod"/>; after <see cref="MissedProbesLimit"/> misses in a row
/// it votes the peer dead, and <see cref="VotesForDeathDeclaration"/> fresh votes (fewer when fewer live
/// silos remain to vote: a silo whose IAmAlive is older than three <see cref="IAmAlivePeriod"/>s does
/// not count) make it Dead. A two-sided link failure, where each side can only vote the
/// other, is settled after as long again by the older silo declaring the younger dead alone (about
/// 7–8 s). Orleans's defaults take 15 s or more; a live dashboard should not be dark that long. The
/// bound (10 s) is pinned by a cluster test.
/// </remarks>
public sealed class MembershipOptions
{
    /// <summary>Configuration section the silo binds these options from.</summary>
    public const string SectionName = "LiveDash:Runtime:Membership";

    /// <summary>How often each silo probes each other Active silo. Default: 1 s. Range: 10 ms to 1 min.</summary>
    public TimeSpan ProbePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe may take before it counts as missed. Default: 1 s. Range: 10 ms to 1 min.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes in a row after which the prober votes the peer dead. Default: 3. Range: 1 to 100.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// Fresh votes that declare a silo dead; capped by the number of live silos able to vote.
    /// Default: 2 (as Orleans). Range: 1 to 10.
    /// </summary>
    public int VotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a vote counts. Default: 30 s. Range: 1 s to 1 h.</summary>
    public TimeSpan DeathVoteExpiration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a silo writes its IAmAlive time. A silo whose IAmAlive is older than three periods does
    /// not count as a voter: it has probably crashed too (two of three silos at once, a whole cluster),
    /// and waiting for its vote would leave the survivors unable to declare anyone dead. Default: 2 s,
    /// so such a crash is still settled in about 6–7 s. Range: 100 ms to 10 min. Assumes node clocks
    /// agree to within a period.
    /// </summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the row of a Dead silo is kept (judged by its last IAmAlive) before an Active silo deletes
    /// it; each silo looks about once an hour. Default: 1 day. Range: 1 min to 365 days.
    /// </summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How often the table is read even without a change notification (the fallback when push is
    /// missing or broken). Default: 5 s. Range: 10 ms to 10 min.
    /// </summary>
    public TimeSpan TableRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
