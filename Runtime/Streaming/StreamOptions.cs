namespace LiveDash.Runtime.Streaming;

/// <summary>Stream buffering, leases and publishing (configuration section <c>LiveDash:Runtime:Streams</c>).</summary>
/// <remarks>
/// A subscriber that misses items (a dropped connection, a lost message) gets them again from the
/// producer's replay buffer while they are younger than <see cref="ReplayBufferAge"/> and among the
/// last <see cref="ReplayBufferCount"/>; older gaps are answered with a reset, and the subscriber reloads
/// a snapshot. A subscribing node renews its lease every <see cref="LeaseRenewalPeriod"/>; each renewal
/// also learns the stream's position, so even a silently lost last item is noticed within two periods.
/// </remarks>
public sealed class StreamOptions
{
    /// <summary>Configuration section the node binds these options from.</summary>
    public const string SectionName = "LiveDash:Runtime:Streams";

    /// <summary>Items a stream keeps for replay. Default: 1,000 (CONTRACT.md's replay window). Range: 1 to 1,000,000.</summary>
    public int ReplayBufferCount { get; set; } = 1000;

    /// <summary>How long a stream keeps an item for replay. Default: 5 min. Range: 1 s to 1 day.</summary>
    public TimeSpan ReplayBufferAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a subscription lasts without renewal; the producer stops sending to a node whose lease
    /// ran out (it crashed, or lost the stream). Default: 30 s. Range: 1 s to 1 h; at least three
    /// <see cref="LeaseRenewalPeriod"/>s.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a subscribing node renews each lease and checks its position. Default: 5 s. Range: 100 ms to 10 min.</summary>
    public TimeSpan LeaseRenewalPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest wait between attempts to re-establish a lost subscription; attempts start at
    /// 100 ms and double up to this. Default: 5 s. Range: 100 ms to 5 min.
    /// </summary>
    public TimeSpan MaxResubscribeBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Items a node's subscription holds for its observers before dropping new ones; a dropped item is
    /// fetched again from the stream's replay buffer once the observers catch up (or reported as a
    /// reset when the buffer no longer has it), so a slow observer costs bounded memory. Default:
    /// 10,000. Range: 1 to 1,000,000.
    /// </summary>
    public int MaxQueuedItemsPerSubscription { get; set; } = 10_000;

    /// <summary>
    /// A publishing grain sends at most one item per stream per interval, carrying every change since
    /// the previous one, so a burst of writes becomes one update. Default: 50 ms. Range: 0 (publish every
    /// change) to 1 min.
    /// </summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(50);
}
