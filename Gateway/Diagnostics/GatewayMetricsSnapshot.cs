namespace LiveDash.Gateway.Diagnostics;

/// <summary>The gateway's running totals at one moment (<see cref="GatewayMetrics.Snapshot"/>).</summary>
/// <param name="Connections">Open connections by transport.</param>
/// <param name="EventsWritten">Events written to clients since start.</param>
/// <param name="EventsCoalesced">Updates folded into snapshots since start.</param>
/// <param name="EventsDropped">Events discarded with lagging connections since start.</param>
/// <param name="Disconnects">Connections ended by the gateway since start, by reason.</param>
/// <param name="PointsIngested">Metric points acknowledged since start.</param>
public sealed record GatewayMetricsSnapshot(
    IReadOnlyDictionary<string, long> Connections,
    long EventsWritten,
    long EventsCoalesced,
    long EventsDropped,
    IReadOnlyDictionary<string, long> Disconnects,
    long PointsIngested);
