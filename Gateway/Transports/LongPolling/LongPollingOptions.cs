namespace LiveDash.Gateway.Transports.LongPolling;

/// <summary>
/// The long-polling transport's timings and bounds (configuration section <c>LiveDash:Gateway:LongPolling</c>).
/// Validated at start by <see cref="LongPollingOptionsValidator"/>.
/// </summary>
public sealed class LongPollingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LiveDash:Gateway:LongPolling";

    /// <summary>
    /// How long a poll waits for an event before it answers <c>{"events":[],"cursor":C}</c> (default 25 s,
    /// CONTRACT.md): below the 30 s idle timeouts common in proxies and load balancers.
    /// </summary>
    public TimeSpan HoldTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// Most events in one answer (default 1,000). The rest stay for the next poll: the answer's cursor
    /// covers only what was sent, so nothing is skipped.
    /// </summary>
    public int MaxEventsPerResponse { get; set; } = 1000;
}
