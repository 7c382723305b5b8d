using LiveDash.Grains;
using LiveDash.TestingHost;
using Xunit;

namespace LiveDash.UnitTests.Grains.Silo;

public sealed class MetricGrainTests
{
    private static readonly Dictionary<string, string> s_hostA = new() { ["host"] = "a" };

    [Fact]
    public async Task Record_ThenSnapshot_ReturnsAggregatesPerTagSet()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<IMetricGrain>("cpu.load");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();

        var result = await grain.RecordAsync(new MetricBatch("b1", [Sample(1, now - 1000), Sample(3, now), Sample(5, now, "b")]));
        var snapshot = (await grain.GetSnapshotAsync()).Data;

        Assert.Equal(new RecordResult(3, false), result);
        Assert.Equal("cpu.load", snapshot.Metric);
        var a = Assert.Single(snapshot.Series, s => s.Tags["host"] == "a");
        Assert.Equal((2L, 4.0, 1.0, 3.0, 3.0), (a.Count, a.Sum, a.Min, a.Max, a.Last));
        Assert.Equal(2.0 / 60, a.Rate, precision: 12);
        Assert.Equal(2, a.Points.Count);
        Assert.Single(snapshot.Series, s => s.Tags["host"] == "b");
    }

    [Fact]
    public async Task RecordBatchWithOneBadSample_ThrowsNamingIt_AndAppliesNothing()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<IMetricGrain>("cpu.load");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();

        var error = await Assert.ThrowsAsync<InvalidGrainInputException>(
            () => grain.RecordAsync(new MetricBatch(null, [Sample(1, now), Sample(double.NaN, now)])));

        Assert.Equal(1, error.ItemIndex);
        Assert.Empty((await grain.GetSnapshotAsync()).Data.Series);
    }

    [Fact]
    public async Task RecordSameBatchIdTwice_AppliesOnce_SecondIsDuplicate()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<IMetricGrain>("cpu.load");
        var batch = new MetricBatch("same", [Sample(1, time.GetUtcNow().ToUnixTimeMilliseconds())]);

        await grain.RecordAsync(batch);
        var second = await grain.RecordAsync(batch);

        Assert.True(second.Duplicate);
        Assert.Equal(1, (await grain.GetSnapshotAsync()).Data.Series[0].Count);
    }

    [Fact]
    public async Task RecordedState_SurvivesIdleCollection_AndBatchIdsToo()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<IMetricGrain>("cpu.load");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var batch = new MetricBatch("kept", [Sample(2, now), Sample(4, now)]);
        await grain.RecordAsync(batch);

        await silo.CollectAllAsync(time);

        var series = Assert.Single((await grain.GetSnapshotAsync()).Data.Series);
        Assert.Equal((2L, 6.0), (series.Count, series.Sum));
        Assert.True((await grain.RecordAsync(batch)).Duplicate);
    }

    [Fact]
    public async Task StorageWriteFails_CallerGetsTheError_AndTheBatchIsNotApplied()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<IMetricGrain>("cpu.load");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await grain.RecordAsync(new MetricBatch("first", [Sample(1, now)]));

        silo.Storage().FailWrites = true;
        await Assert.ThrowsAsync<IOException>(() => grain.RecordAsync(new MetricBatch("lost", [Sample(100, now)])));
        silo.Storage().FailWrites = false;

        // Not acknowledged, so not applied: a retry with the same batch id applies it once.
        Assert.Equal(1, (await grain.GetSnapshotAsync()).Data.Series[0].Count);
        Assert.False((await grain.RecordAsync(new MetricBatch("lost", [Sample(100, now)]))).Duplicate);
        Assert.Equal((2L, 101.0), ((await grain.GetSnapshotAsync()).Data.Series[0].Count, (await grain.GetSnapshotAsync()).Data.Series[0].Sum));
    }

    [Fact]
    public async Task InvalidMetricName_FailsActivationWithClearError()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);

        var error = await Assert.ThrowsAsync<InvalidGrainInputException>(
            () => silo.GrainFactory.GetGrain<IMetricGrain>("bad name!").GetSnapshotAsync());

        Assert.Contains("bad name!", error.Message, StringComparison.Ordinal);
    }

    private static MetricSample Sample(double value, long timestampMs, string host = "a")
        => new(value, timestampMs, host == "a" ? s_hostA : new Dictionary<string, string> { ["host"] = host });
}
