namespace LiveDash.Gateway.Push;

/// <summary>
/// The connection hub's bounds (configuration section <c>LiveDash:Gateway:Push</c>): replay windows,
/// per-connection queues and topic subscriptions. Validated at start by <see cref="PushOptionsValidator"/>.
/// </summary>
public sealed class PushOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LiveDash:Gateway:Push";

    /// <summary>Events kept per topic for resuming clients (default 1,000; CONTRACT.md's replay window).</summary>
    public int ReplayBufferCount { get; set; } = 1000;

    /// <summary>How long an event stays replayable (default 5 minutes; CONTRACT.md's replay window).</summary>
    public TimeSpan ReplayBufferAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Queued bytes past which a connection counts as behind (default 256 KiB): its further updates of a
    /// topic collapse into one snapshot of the newest state, written when it catches up.
    /// </summary>
    public int CoalesceAfterQueuedBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// How long a connection may go without taking an event while some wait for it (default 30 s);
    /// past it, it is disconnected with <c>4002 slow_consumer</c> and resumes from its cursor on reconnect.
    /// </summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Topics one connection may subscribe to (default 64).</summary>
    public int MaxTopicsPerConnection { get; set; } = 64;

    /// <summary>How long a topic's runtime subscription outlives its last connection (default 30 s), so reconnects find it warm.</summary>
    public TimeSpan TopicIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
