using LiveDash.Grains;
using LiveDash.TestingHost;
using LiveDash.UnitTests.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.UnitTests.Grains.Silo;

public sealed class TopicDirectoryGrainTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task FirstRecord_ListsTheTopicBeforeItIsAcknowledged()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var now = NowMs(time);

        await silo.GrainFactory.GetGrain<IMetricGrain>("cpu.load").RecordAsync(Batch(now));

        var entry = Assert.Single(await Directory(silo).ListAsync());
        Assert.Equal(new TopicDirectoryEntry(Topic.Metric("cpu.load"), now), entry);
    }

    [Fact]
    public async Task MetricsAndBoards_AreListedSortedByTopic()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var now = NowMs(time);

        await silo.GrainFactory.GetGrain<IMetricGrain>("zeta").RecordAsync(Batch(now));
        await silo.GrainFactory.GetGrain<IScoreboardGrain>("match-1").ApplyAsync(new BoardCommand(Add: new Dictionary<string, long> { ["a"] = 1 }));
        await silo.GrainFactory.GetGrain<IMetricGrain>("alpha").RecordAsync(Batch(now));

        var topics = (await Directory(silo).ListAsync()).Select(e => e.Topic.ToString()).ToArray();
        Assert.Equal(["board:match-1", "metric:alpha", "metric:zeta"], topics);
    }

    [Fact]
    public async Task ReadsAndRefusedWrites_DoNotListATopic()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<IMetricGrain>("never.written");

        await grain.GetSnapshotAsync();
        await Assert.ThrowsAsync<InvalidGrainInputException>(() => grain.RecordAsync(new MetricBatch(null, [new MetricSample(double.NaN, NowMs(time), CanonicalTags.Empty)])));

        Assert.Empty(await Directory(silo).ListAsync());
    }

    [Fact]
    public async Task LaterChanges_RefreshUpdatedAt_AtMostOncePerRefreshInterval()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<IMetricGrain>("cpu.load");
        var first = NowMs(time);
        await grain.RecordAsync(Batch(first));

        time.Advance(TimeSpan.FromSeconds(4));
        await grain.RecordAsync(Batch(NowMs(time)));
        Assert.Equal(first, Assert.Single(await Directory(silo).ListAsync()).UpdatedAtMs);

        time.Advance(TimeSpan.FromSeconds(1));
        var refreshed = NowMs(time);
        await grain.RecordAsync(Batch(refreshed));

        // The refresh is sent without waiting for it: wait for the directory to show it.
        await Eventually(silo, entries => entries.Single().UpdatedAtMs == refreshed, "the directory to hold the refreshed time " + refreshed);
    }

    [Fact]
    public async Task Directory_SurvivesReactivation_WithRefreshedTimes()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var directory = Directory(silo);
        await directory.ReportAsync(Topic.Metric("a"), 1000);
        await directory.ReportAsync(Topic.Board("b"), 2000);
        await directory.ReportAsync(Topic.Metric("a"), 3000);

        await silo.CollectAllAsync(time);

        Assert.Equal(
            [new TopicDirectoryEntry(Topic.Board("b"), 2000), new TopicDirectoryEntry(Topic.Metric("a"), 3000)],
            await directory.ListAsync());
    }

    [Fact]
    public async Task OlderTime_IsIgnored()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var directory = Directory(silo);

        await directory.ReportAsync(Topic.Metric("a"), 5000);
        await directory.ReportAsync(Topic.Metric("a"), 4000);

        Assert.Equal(5000, Assert.Single(await directory.ListAsync()).UpdatedAtMs);
    }

    [Fact]
    public async Task FullDirectory_ReplacesTheLeastRecentlyUpdatedTopic()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time, s => s.Services.Configure<TopicDirectoryOptions>(o => o.MaxTopics = 3));
        var directory = Directory(silo);
        await directory.ReportAsync(Topic.Metric("a"), 1000);
        await directory.ReportAsync(Topic.Metric("b"), 2000);
        await directory.ReportAsync(Topic.Metric("c"), 3000);
        await directory.ReportAsync(Topic.Metric("a"), 4000);

        await directory.ReportAsync(Topic.Metric("d"), 5000);

        var topics = (await directory.ListAsync()).Select(e => e.Topic.Name).ToArray();
        Assert.Equal(["a", "c", "d"], topics);
    }

    [Fact]
    public async Task ManyNewTopicsAtOnce_AreAllStored()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var directory = Directory(silo);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => directory.ReportAsync(Topic.Metric("m" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)), 1000 + i)));
        await silo.CollectAllAsync(time);

        var entries = await directory.ListAsync();
        Assert.Equal(200, entries.Count);
        Assert.Equal("m000", entries[0].Topic.Name);
        Assert.Equal(1199, entries[^1].UpdatedAtMs);
    }

    [Fact]
    public async Task DirectoryWriteFails_FirstRecordFails_AndAppliesNothing_ThenARetryWorks()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<IMetricGrain>("cpu.load");
        var now = NowMs(time);

        silo.Storage().FailWrites = true;
        await Assert.ThrowsAsync<IOException>(() => grain.RecordAsync(Batch(now, "retry-me")));
        silo.Storage().FailWrites = false;

        Assert.Empty((await grain.GetSnapshotAsync()).Data.Series);
        Assert.Empty(await Directory(silo).ListAsync());

        Assert.False((await grain.RecordAsync(Batch(now, "retry-me"))).Duplicate);
        Assert.Equal(1, Assert.Single((await grain.GetSnapshotAsync()).Data.Series).Count);
        Assert.Single(await Directory(silo).ListAsync());
    }

    [Fact]
    public void Options_AreValidatedNamingTheOption()
    {
        var failures = new TopicDirectoryOptionsValidator().Validate(null, new TopicDirectoryOptions { MaxTopics = 0, RefreshInterval = TimeSpan.FromSeconds(-1), PersistInterval = TimeSpan.Zero });

        Assert.True(failures.Failed);
        Assert.Contains(failures.Failures!, f => f.Contains("MaxTopics is 0", StringComparison.Ordinal));
        Assert.Contains(failures.Failures!, f => f.Contains("RefreshInterval", StringComparison.Ordinal));
        Assert.Contains(failures.Failures!, f => f.Contains("PersistInterval", StringComparison.Ordinal));
    }

    private static ITopicDirectoryGrain Directory(TestSilo silo) => TopicDirectory.Get(silo.GrainFactory);

    private static long NowMs(ManualTimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static MetricBatch Batch(long timestampMs, string? batchId = null)
        => new(batchId, [new MetricSample(1, timestampMs, CanonicalTags.Empty)]);

    private static async Task Eventually(TestSilo silo, Func<IReadOnlyList<TopicDirectoryEntry>, bool> condition, string expected)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (!condition(await Directory(silo).ListAsync()))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {s_wait} waiting for {expected}.");
            await Task.Yield();
        }
    }
}
