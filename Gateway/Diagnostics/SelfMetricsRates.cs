namespace LiveDash.Gateway.Diagnostics;

/// <summary>The gateway's running totals turned into per-second rates over one sampling interval.</summary>
/// <param name="EventsPerSecond">Events written to clients.</param>
/// <param name="CoalescedPerSecond">Updates folded into snapshots for lagging connections.</param>
/// <param name="DroppedPerSecond">Events discarded with connections closed for lagging.</param>
/// <param name="IngestPointsPerSecond">Metric points acknowledged by the ingest API.</param>
/// <param name="DisconnectsPerSecond">Connections the gateway ended, by reason; only reasons that occurred since start.</param>
internal sealed record SelfMetricsRates(
    double EventsPerSecond,
    double CoalescedPerSecond,
    double DroppedPerSecond,
    double IngestPointsPerSecond,
    IReadOnlyDictionary<string, double> DisconnectsPerSecond);
