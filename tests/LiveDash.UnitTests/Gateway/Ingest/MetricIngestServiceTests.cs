using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Ingest;
using LiveDash.Grains;
using LiveDash.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using static LiveDash.UnitTests.Gateway.Ingest.IngestTestData;

namespace LiveDash.UnitTests.Gateway.Ingest;

public sealed class MetricIngestServiceTests
{
    private const string Body = "a value=1\nb value=2\na value=3\nc value=4";

    [Fact]
    public async Task Batch_IsSplitPerMetric_InOrder_WithTheBatchId()
    {
        var grains = new FakeMetricGrains((_, batch) => Task.FromResult(new RecordResult(batch.Samples.Count, false)));
        using var metrics = new GatewayMetrics();

        var result = await Service(grains, metrics).ApplyAsync(Batch(), CancellationToken.None);

        var ok = Assert.IsType<JsonHttpResult<IngestResponse>>(result);
        Assert.Equal(new IngestResponse(4, false), ok.Value);
        Assert.Equal(["a", "b", "c"], grains.Calls.Select(c => c.Metric).Order(StringComparer.Ordinal));
        Assert.Equal([1.0, 3.0], grains.Calls.Single(c => c.Metric == "a").Batch.Samples.Select(s => s.Value));
        Assert.All(grains.Calls, c => Assert.Equal("b-1", c.Batch.BatchId));
        Assert.Equal(4, metrics.Snapshot().PointsIngested);
    }

    [Fact]
    public async Task Duplicate_IsTrueOnlyWhenEveryMetricReportsIt()
    {
        using var metrics = new GatewayMetrics();
        var all = new FakeMetricGrains((_, _) => Task.FromResult(new RecordResult(0, true)));
        var some = new FakeMetricGrains((metric, batch) => Task.FromResult(metric == "b" ? new RecordResult(batch.Samples.Count, false) : new RecordResult(0, true)));

        Assert.Equal(new IngestResponse(4, true), Assert.IsType<JsonHttpResult<IngestResponse>>(await Service(all, metrics).ApplyAsync(Batch(), default)).Value);
        Assert.Equal(new IngestResponse(4, false), Assert.IsType<JsonHttpResult<IngestResponse>>(await Service(some, metrics).ApplyAsync(Batch(), default)).Value);
        Assert.Equal(1, metrics.Snapshot().PointsIngested);
    }

    public static TheoryData<Exception> RuntimeFailures => new()
    {
        new SiloUnavailableException("silo 127.0.0.1:1 is dead"),
        new TimeoutException("deadline"),
        new InconsistentStateException("etag"),
        new IOException("disk full"),
        new RemoteGrainException("System.InvalidOperationException", "boom", null),
    };

    [Theory]
    [MemberData(nameof(RuntimeFailures))]
    public async Task RuntimeFailure_Is503_SayingARetryWithTheBatchIdIsSafe(Exception failure)
    {
        var grains = new FakeMetricGrains((metric, batch) => metric == "b" ? Task.FromException<RecordResult>(failure) : Task.FromResult(new RecordResult(batch.Samples.Count, false)));
        using var metrics = new GatewayMetrics();

        var problem = Assert.IsType<ProblemHttpResult>(await Service(grains, metrics).ApplyAsync(Batch(), default));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.StatusCode);
        Assert.Contains("same batchId is safe", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Equal(0, metrics.Snapshot().PointsIngested);
    }

    [Fact]
    public async Task RuntimeFailure_WithoutBatchId_SaysARetryMayApplyTwice()
    {
        var grains = new FakeMetricGrains((_, _) => Task.FromException<RecordResult>(new TimeoutException()));
        using var metrics = new GatewayMetrics();

        var problem = Assert.IsType<ProblemHttpResult>(await Service(grains, metrics).ApplyAsync(Batch(batchId: null), default));

        Assert.Contains("send a batchId", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<Exception, int> InputFailures => new()
    {
        { new InvalidGrainInputException("timestamp 1 is too old", 1), 2 },
        { new SeriesLimitExceededException("a", 100, 101, 0), 0 },
        { new RemoteGrainException(typeof(SeriesLimitExceededException).FullName!, "too many series", null), 0 },
    };

    [Theory]
    [MemberData(nameof(InputFailures))]
    public async Task GrainRefusingItsPoints_Is422_NamingTheMetricAndTheLine(Exception failure, int line)
    {
        var grains = new FakeMetricGrains((metric, batch) => metric == "a" ? Task.FromException<RecordResult>(failure) : Task.FromResult(new RecordResult(batch.Samples.Count, false)));
        using var metrics = new GatewayMetrics();

        var problem = Assert.IsType<ProblemHttpResult>(await Service(grains, metrics).ApplyAsync(Batch(), default));

        Assert.Equal(StatusCodes.Status422UnprocessableEntity, problem.StatusCode);
        var errors = Assert.IsAssignableFrom<IReadOnlyList<LiveDash.Gateway.Http.ItemError>>(problem.ProblemDetails.Extensions["errors"]);
        var error = Assert.Single(errors);
        Assert.Equal(line, error.Index);
        Assert.Contains("metric 'a'", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyBatch_CallsNoGrain()
    {
        var grains = new FakeMetricGrains((_, _) => throw new InvalidOperationException("no call expected"));
        using var metrics = new GatewayMetrics();

        var ok = Assert.IsType<JsonHttpResult<IngestResponse>>(await Service(grains, metrics).ApplyAsync(new ParsedMetricBatch(null, [], "point"), default));

        Assert.Equal(new IngestResponse(0, false), ok.Value);
    }

    private static MetricIngestService Service(IClusterClient grains, GatewayMetrics metrics)
        => new(grains, metrics, NullLogger<MetricIngestService>.Instance);

    private static ParsedMetricBatch Batch(string? batchId = "b-1") => Accepted(Lines(Body, batchId: batchId));
}
