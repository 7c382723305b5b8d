namespace LiveDash.Gateway.Diagnostics;

/// <summary>
/// Turns successive <see cref="GatewayMetricsSnapshot"/>s into rates: each rate is the growth of a running
/// total since the previous sample divided by the time between the two samples, read from the
/// <see cref="TimeProvider"/>'s monotonic timestamp (not the wall clock, which may jump). Not thread-safe:
/// one publisher loop owns it.
/// </summary>
internal sealed class SelfMetricsSampler
{
    private readonly TimeProvider _time;
    private GatewayMetricsSnapshot? _previous;
    private long _previousTimestamp;

    public SelfMetricsSampler(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Samples <paramref name="current"/> now.</summary>
    /// <param name="current">The running totals, just read.</param>
    /// <returns>The open connections, and the rates since the previous sample (none on the first, or when no time passed).</returns>
    public SelfMetricsReading Sample(GatewayMetricsSnapshot current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var timestamp = _time.GetTimestamp();
        SelfMetricsRates? rates = null;
        if (_previous is { } previous)
        {
            var seconds = _time.GetElapsedTime(_previousTimestamp, timestamp).TotalSeconds;
            if (seconds > 0)
            {
                rates = Rates(previous, current, seconds);
            }
        }

        if (rates is not null || _previous is null)
        {
            // With no time elapsed the old baseline stays, so the next rate covers the whole interval.
            _previous = current;
            _previousTimestamp = timestamp;
        }

        return new SelfMetricsReading(current.Connections, rates);
    }

    private static SelfMetricsRates Rates(GatewayMetricsSnapshot previous, GatewayMetricsSnapshot current, double seconds)
    {
        var disconnects = new Dictionary<string, double>(current.Disconnects.Count, StringComparer.Ordinal);
        foreach (var (reason, total) in current.Disconnects)
        {
            disconnects[reason] = Rate(previous.Disconnects.GetValueOrDefault(reason), total, seconds);
        }

        return new SelfMetricsRates(
            Rate(previous.EventsWritten, current.EventsWritten, seconds),
            Rate(previous.EventsCoalesced, current.EventsCoalesced, seconds),
            Rate(previous.EventsDropped, current.EventsDropped, seconds),
            Rate(previous.PointsIngested, current.PointsIngested, seconds),
            disconnects);
    }

    // Totals only grow; a smaller one would be a reset, and a negative rate is never meaningful.
    private static double Rate(long previous, long current, double seconds) => current > previous ? (current - previous) / seconds : 0;
}
