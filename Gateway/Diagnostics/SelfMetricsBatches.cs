using LiveDash.Grains;

namespace LiveDash.Gateway.Diagnostics;

/// <summary>
/// Turns a <see cref="SelfMetricsReading"/> into one <see cref="MetricBatch"/> per metric (one grain call each).
/// </summary>
/// <remarks>
/// Which series are written: connection counts for <see cref="SelfMetricNames.Transports"/> (and any other
/// transport that reported) and the four gateway-wide rates are written on every tick, zeros included —
/// a flat zero is the answer to "is anything dropped?", and writing it keeps a series' <c>last</c> current
/// instead of frozen at its final non-zero value (or at a previous process's value after a restart).
/// Disconnect series are written only for reasons that occurred since the gateway started, then on every
/// tick: the reason set is open-ended and most reasons never happen, so a quiet gateway creates no series
/// (and no grain state) for them. No batch carries a batch id: each tick is new data, and a retried tick
/// is not needed — the next one carries the newer figures.
/// </remarks>
internal static class SelfMetricsBatches
{
    /// <summary>Builds the writes of one tick.</summary>
    /// <param name="gateway">The <c>gateway</c> tag value.</param>
    /// <param name="reading">The sample.</param>
    /// <param name="timestampMs">The samples' timestamp, Unix milliseconds.</param>
    /// <returns>The writes: connections always, the rates when the reading has them.</returns>
    public static IReadOnlyList<SelfMetricWrite> Build(string gateway, SelfMetricsReading reading, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(reading);
        var writes = new List<SelfMetricWrite>(6);

        var connections = new List<MetricSample>(SelfMetricNames.Transports.Count + reading.Connections.Count);
        foreach (var transport in SelfMetricNames.Transports)
        {
            connections.Add(Sample(reading.Connections.GetValueOrDefault(transport), timestampMs, gateway, SelfMetricNames.TransportTag, transport));
        }

        foreach (var (transport, open) in reading.Connections.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!SelfMetricNames.Transports.Contains(transport, StringComparer.Ordinal))
            {
                connections.Add(Sample(open, timestampMs, gateway, SelfMetricNames.TransportTag, transport));
            }
        }

        writes.Add(new SelfMetricWrite(SelfMetricNames.Connections, new MetricBatch(null, connections)));
        if (reading.Rates is not { } rates)
        {
            return writes;
        }

        writes.Add(Single(SelfMetricNames.EventsPerSecond, rates.EventsPerSecond, timestampMs, gateway));
        writes.Add(Single(SelfMetricNames.CoalescedPerSecond, rates.CoalescedPerSecond, timestampMs, gateway));
        writes.Add(Single(SelfMetricNames.DroppedPerSecond, rates.DroppedPerSecond, timestampMs, gateway));
        writes.Add(Single(SelfMetricNames.IngestPointsPerSecond, rates.IngestPointsPerSecond, timestampMs, gateway));
        if (rates.DisconnectsPerSecond.Count > 0)
        {
            var disconnects = rates.DisconnectsPerSecond
                .OrderBy(d => d.Key, StringComparer.Ordinal)
                .Select(d => Sample(d.Value, timestampMs, gateway, SelfMetricNames.ReasonTag, d.Key))
                .ToArray();
            writes.Add(new SelfMetricWrite(SelfMetricNames.DisconnectsPerSecond, new MetricBatch(null, disconnects)));
        }

        return writes;
    }

    private static SelfMetricWrite Single(string metric, double value, long timestampMs, string gateway)
        => new(metric, new MetricBatch(null, [new MetricSample(value, timestampMs, new Dictionary<string, string>(1, StringComparer.Ordinal) { [SelfMetricNames.GatewayTag] = gateway })]));

    private static MetricSample Sample(double value, long timestampMs, string gateway, string key, string tag)
        => new(value, timestampMs, new Dictionary<string, string>(2, StringComparer.Ordinal) { [SelfMetricNames.GatewayTag] = gateway, [key] = tag });
}
