using LiveDash.Grains;

namespace LiveDash.Gateway.Ingest;

/// <summary>One parsed, valid point of a batch.</summary>
/// <param name="Metric">The metric name (the grain key).</param>
/// <param name="Sample">The sample for the metric's grain.</param>
/// <param name="SourceIndex">Where it came from: the point's index in a JSON batch, the line's index in line protocol.</param>
internal readonly record struct MetricPoint(string Metric, MetricSample Sample, int SourceIndex);
