using System.Text;
using LiveDash.Gateway.Ingest;
using LiveDash.Grains;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Ingest;

/// <summary>Settings and helpers shared by the parser tests; the clock is 2025-11-24T16:00:00Z.</summary>
internal static class IngestTestData
{
    public const long NowMs = 1_764_000_000_000;

    public static MetricParseSettings Settings(int maxPoints = 100_000, TimestampPrecision precision = TimestampPrecision.Nanoseconds, MetricGrainOptions? options = null)
        => new(NowMs, maxPoints, options ?? new MetricGrainOptions(), precision);

    public static MetricIngestResult Json(string body, int maxPoints = 100_000, string? queryBatchId = null)
        => JsonMetricBatchParser.Parse(Encoding.UTF8.GetBytes(body), Settings(maxPoints), queryBatchId);

    public static MetricIngestResult Lines(string body, int maxPoints = 100_000, TimestampPrecision precision = TimestampPrecision.Nanoseconds, string? batchId = null)
        => LineProtocolParser.Parse(Encoding.UTF8.GetBytes(body), Settings(maxPoints, precision), batchId);

    public static ParsedMetricBatch Accepted(MetricIngestResult result)
    {
        Assert.True(result.Rejection is null, "Expected the batch to be accepted, got: " + result.Rejection?.Detail);
        return result.Batch!;
    }

    public static IngestRejection Rejected(MetricIngestResult result, int status)
    {
        Assert.Null(result.Batch);
        var rejection = Assert.IsType<IngestRejection>(result.Rejection);
        Assert.True(rejection.StatusCode == status, $"Expected {status}, got {rejection.StatusCode}: {rejection.Detail}");
        return rejection;
    }
}
