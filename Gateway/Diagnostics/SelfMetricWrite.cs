using LiveDash.Grains;

namespace LiveDash.Gateway.Diagnostics;

/// <summary>One grain write of a self-metrics tick: a batch for the metric grain <paramref name="Metric"/>.</summary>
/// <param name="Metric">The metric name (the grain's key).</param>
/// <param name="Batch">Its samples, one per series.</param>
internal sealed record SelfMetricWrite(string Metric, MetricBatch Batch);
