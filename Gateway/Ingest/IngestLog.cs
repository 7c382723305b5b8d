using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Ingest;

/// <summary>Ingest log messages (event ids 2200–2299).</summary>
internal static partial class IngestLog
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Ingest: bodies up to {MaxBodyBytes} bytes, batches up to {MaxPointsPerBatch} points, {RequestsPerSecond} write requests/s per key with bursts of {Burst} (0 = no limit).")]
    public static partial void Started(ILogger logger, long maxBodyBytes, int maxPointsPerBatch, int requestsPerSecond, int burst);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "Write to {Path} rejected with {StatusCode}: {Detail}")]
    public static partial void Rejected(ILogger logger, PathString path, int statusCode, string detail);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "A metric batch of {Points} points for {Metrics} metrics could not be completed ({Failed} grain calls failed); answered 503, a retry with the same batchId is safe.")]
    public static partial void MetricBatchFailed(ILogger logger, Exception exception, int points, int metrics, int failed);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "A command for board {Board} could not be completed; answered 503, a retry with the same batchId is safe.")]
    public static partial void BoardCommandFailed(ILogger logger, Exception exception, string board);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Debug, Message = "Write request from {Partition} rate limited; retry after {RetryAfterSeconds} s.")]
    public static partial void RateLimited(ILogger logger, string partition, int retryAfterSeconds);
}
