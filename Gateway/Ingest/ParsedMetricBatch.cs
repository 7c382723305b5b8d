namespace LiveDash.Gateway.Ingest;

/// <summary>A metric batch that parsed and validated whole: every point is valid, ready to be split per grain.</summary>
/// <param name="BatchId">The idempotency key, or null.</param>
/// <param name="Points">The points, in request order.</param>
/// <param name="SourceNoun">What <see cref="MetricPoint.SourceIndex"/> counts (<c>point</c> or <c>line</c>), for messages.</param>
internal sealed record ParsedMetricBatch(string? BatchId, IReadOnlyList<MetricPoint> Points, string SourceNoun);
