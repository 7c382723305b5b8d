namespace LiveDash.Gateway.Ingest;

/// <summary>OpenAPI shape of a JSON <c>POST /api/v1/metrics</c> body (the parser reads it without reflection).</summary>
/// <param name="Points">The points; unknown members are rejected.</param>
/// <param name="BatchId">Idempotency key: 1–128 printable ASCII characters without spaces (a UUID works); a repeat within 10 minutes applies nothing.</param>
internal sealed record MetricBatchDocument(IReadOnlyList<MetricPointDocument> Points, string? BatchId = null);
