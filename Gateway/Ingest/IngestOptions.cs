namespace LiveDash.Gateway.Ingest;

/// <summary>
/// Bounds of the write endpoints (configuration section <c>LiveDash:Gateway:Ingest</c>): body size,
/// points per batch and the per-key rate limit. Validated at start by <see cref="IngestOptionsValidator"/>.
/// </summary>
public sealed class IngestOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LiveDash:Gateway:Ingest";

    /// <summary>
    /// Largest request body of <c>POST /api/v1/metrics</c> and <c>POST /api/v1/boards/{id}</c>, in bytes
    /// (default 1 MiB, CONTRACT.md). A longer body is answered 413, also when it is sent chunked without a
    /// <c>Content-Length</c>: the gateway stops reading at the limit. Allowed: 1 byte to 1 GiB.
    /// </summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Most points in one metric batch (default 100,000); a larger batch is answered 422 before any point
    /// is applied. At the default body limit a batch holds at most about 100,000 line-protocol points, so
    /// this bites when <see cref="MaxBodyBytes"/> is raised.
    /// </summary>
    public int MaxPointsPerBatch { get; set; } = 100_000;

    /// <summary>
    /// Sustained write requests per second one key may make (default 200); the bucket refills with this
    /// many tokens every second. The key is the bearer token (by its hash), else the client's address.
    /// 0 turns the limit off. An over-limit request is answered 429 with <c>Retry-After</c>.
    /// </summary>
    public int RequestsPerSecondPerKey { get; set; } = 200;

    /// <summary>
    /// Write requests one key may make at once after a quiet period (default 400): the token bucket's size.
    /// At least <see cref="RequestsPerSecondPerKey"/> when the limit is on.
    /// </summary>
    public int BurstRequestsPerKey { get; set; } = 400;
}
