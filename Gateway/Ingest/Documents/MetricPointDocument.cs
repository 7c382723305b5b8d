namespace LiveDash.Gateway.Ingest;

/// <summary>OpenAPI shape of one point of <c>POST /api/v1/metrics</c> (the parser reads it without reflection).</summary>
/// <param name="Metric">The metric name: 1–128 characters of [A-Za-z0-9._-].</param>
/// <param name="Value">A finite number, magnitude at most 1e280.</param>
/// <param name="Ts">Unix milliseconds (an integer); absent or null means now. Within 24 h in the past and 5 min in the future by default.</param>
/// <param name="Tags">The series' tags: keys as metric names, values printable text (at most 16 tags of 128 characters by default).</param>
internal sealed record MetricPointDocument(string Metric, double Value, long? Ts = null, IReadOnlyDictionary<string, string>? Tags = null);
