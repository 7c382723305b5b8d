namespace LiveDash.Gateway.Ingest;

/// <summary>The outcome of parsing a metric batch: the whole batch, or a rejection and no points at all.</summary>
internal readonly struct MetricIngestResult
{
    private MetricIngestResult(ParsedMetricBatch? batch, IngestRejection? rejection)
    {
        Batch = batch;
        Rejection = rejection;
    }

    /// <summary>The batch, when every point is valid.</summary>
    public ParsedMetricBatch? Batch { get; }

    /// <summary>Why nothing may be applied, when something is wrong.</summary>
    public IngestRejection? Rejection { get; }

    public static MetricIngestResult Accepted(ParsedMetricBatch batch) => new(batch, null);

    public static MetricIngestResult Rejected(IngestRejection rejection) => new(null, rejection);
}
