using LiveDash.Grains;

namespace LiveDash.Gateway.Ingest;

/// <summary>What a metric batch is parsed and validated against.</summary>
/// <param name="NowMs">The gateway's clock, Unix milliseconds: the timestamp of points without one, and the reference of the timestamp range.</param>
/// <param name="MaxPoints">Most points accepted (<see cref="IngestOptions.MaxPointsPerBatch"/>).</param>
/// <param name="GrainOptions">The metric grains' limits, bound from the same configuration as the silo's, so both sides agree.</param>
/// <param name="Precision">The unit of line-protocol timestamps.</param>
internal readonly record struct MetricParseSettings(long NowMs, int MaxPoints, MetricGrainOptions GrainOptions, TimestampPrecision Precision = TimestampPrecision.Nanoseconds);
