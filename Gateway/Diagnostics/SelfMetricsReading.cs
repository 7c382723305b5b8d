namespace LiveDash.Gateway.Diagnostics;

/// <summary>One sample of the gateway's figures (<see cref="SelfMetricsSampler.Sample"/>).</summary>
/// <param name="Connections">Open connections by transport, now.</param>
/// <param name="Rates">Rates since the previous sample; null for the first sample (no interval yet).</param>
internal sealed record SelfMetricsReading(IReadOnlyDictionary<string, long> Connections, SelfMetricsRates? Rates);
