using System.Text.Json;
using LiveDash.Grains;
using LiveDash.Grains.Aggregation;
using LiveDash.Runtime;
using LiveDash.Runtime.Serialization;
using LiveDash.Runtime.Streaming;
using LiveDash.TestingHost;
using LiveDash.UnitTests.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace LiveDash.UnitTests.Grains.Silo;

/// <summary>
/// The metric grain on journaled state (memory provider behind a failing double): what an append
/// failure leaves visible, what activation rebuilds, and what each acknowledged batch writes.
/// </summary>
public sealed class MetricGrainJournalTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AppendFails_BatchIsNeitherAcknowledgedNorVisible_InSnapshotOrOnTheStream_AndTheNextBatchWorks()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var deltas = await SubscribeAsync(silo, "cpu.load");
        var grain = silo.GrainFactory.GetGrain<IMetricGrain>("cpu.load");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await grain.RecordAsync(Batch("first", 1, now));

        silo.Storage().FailWrites = true;
        await Assert.ThrowsAsync<IOException>(() => grain.RecordAsync(Batch("lost", 100, now)));
        silo.Storage().FailWrites = false;
        var afterFailure = (await grain.GetSnapshotAsync()).Data.Series.Single();
        var next = await grain.RecordAsync(Batch("next", 2, now));
        time.Advance(TimeSpan.FromSeconds(1));
        var end = await grain.GetSnapshotAsync();

        Assert.Equal((1L, 1.0), (afterFailure.Count, afterFailure.Sum));
        Assert.Equal(new RecordResult(1, Duplicate: false), next);
        Assert.Equal((2L, 3.0), (end.Data.Series[0].Count, end.Data.Series[0].Sum));
        await deltas.WaitForAsync(items => items.Any(d => d.Series.Any(s => s.Count == 2)), "the item carrying batch 'next'");
        Assert.All(deltas.Items, d => Assert.All(d.Series, s => Assert.True(s.Max < 100, $"a published item carried the unacknowledged sample (max {s.Max})")));

        // Not acknowledged, so not remembered: a retry applies it once.
        Assert.False((await grain.RecordAsync(Batch("lost", 100, now))).Duplicate);
        Assert.Equal((3L, 103.0), Totals((await grain.GetSnapshotAsync()).Data));
    }

    [Fact]
    public async Task AppendAndTheReReadBothFail_ActivationEnds_AndTheNextOneHoldsOnlyAcknowledgedBatches()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<IMetricGrain>("cpu.load");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await grain.RecordAsync(Batch("first", 1, now));
        var activation = silo.Catalog.Activations.Single(a => a.GrainId.Key == "cpu.load");

        silo.Storage().FailWrites = true;
        silo.Storage().FailReads = true;
        await Assert.ThrowsAsync<IOException>(() => grain.RecordAsync(Batch("lost", 100, now)));
        silo.Storage().FailWrites = false;
        silo.Storage().FailReads = false;
        await Expect(activation.Deactivated, "the activation that lost its state to deactivate");

        Assert.Equal((1L, 1.0), Totals((await grain.GetSnapshotAsync()).Data));
        Assert.True((await grain.RecordAsync(Batch("first", 1, now))).Duplicate);
        Assert.False((await grain.RecordAsync(Batch("lost", 100, now))).Duplicate);
        Assert.Equal((2L, 101.0), Totals((await grain.GetSnapshotAsync()).Data));
    }

    [Fact]
    public async Task FullWindows_EachAppendIsSmall_AndReactivationRebuildsTheSameMetric()
    {
        // Four hosts every second for the 5-minute window, as a busy metric looks.
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<IMetricGrain>("cpu.load");
        var random = new Random(11);
        const int Batches = 300;
        const int PointsPerBatch = 4;
        for (var i = 0; i < Batches; i++)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var samples = Enumerable.Range(0, PointsPerBatch)
                .Select(h => new MetricSample(Math.Round(random.NextDouble() * 100, 3), now, new Dictionary<string, string> { ["host"] = $"h{h}" }))
                .ToArray();
            await grain.RecordAsync(new MetricBatch($"b-{i}", samples));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var before = await grain.GetSnapshotAsync();
        var appends = silo.Storage().Appends;
        var stateBytes = await StateBytesAsync(silo, before.Data.Metric);
        var entryBytes = appends[^1].EntryBytes;
        var snapshots = appends.Where(a => a.SnapshotBytes is not null).ToList();
        output.WriteLine(
            $"{Batches} batches of {PointsPerBatch} points: last entry {entryBytes} B ({entryBytes / (double)PointsPerBatch:F0} B per point); " +
            $"whole state now {stateBytes} B ({stateBytes / (double)PointsPerBatch:F0} B per point if rewritten per batch); " +
            $"{snapshots.Count} appends carried a snapshot (largest {snapshots.Select(a => a.SnapshotBytes ?? 0).DefaultIfEmpty().Max()} B), " +
            $"{appends.Sum(a => a.EntryBytes + (a.SnapshotBytes ?? 0)) / (double)(Batches * PointsPerBatch):F0} B written per point overall");

        await silo.CollectAllAsync(time);
        var after = await grain.GetSnapshotAsync();

        Assert.Equal(Batches, appends.Count);
        Assert.NotEmpty(snapshots); // so the reactivation below loads a snapshot and replays a tail
        Assert.True(entryBytes * 50 < stateBytes, $"expected an append ({entryBytes} B) under 1/50 of the state ({stateBytes} B)");
        // Collection took minutes of the clock: totals stay, and the points still inside the window.
        var windowStart = (time.GetUtcNow().ToUnixTimeMilliseconds() / 1000) - SeriesAggregator.WindowSeconds + 1;
        Assert.Equal(Json(Settled(before.Data, windowStart)), Json(Settled(after.Data, windowStart)));
        Assert.Equal(Batches * PointsPerBatch, after.Data.Series.Sum(s => s.Count));
        Assert.True((await grain.RecordAsync(new MetricBatch($"b-{Batches - 1}", []))).Duplicate);
    }

    // The whole-state size the persistent-state grain wrote per batch, rebuilt from what storage holds now.
    private static async Task<int> StateBytesAsync(TestSilo silo, string name)
    {
        var serializer = silo.Services.GetRequiredService<RuntimeJsonSerializer>();
        var record = await silo.Storage().ReadJournalAsync("metric", new GrainId(TopicStreams.MetricNamespace, name), CancellationToken.None);
        var metric = record.Snapshot is { } stored
            ? MetricAggregator.FromState(name, new MetricGrainOptions(), serializer.Deserialize<MetricGrainState>(stored))
            : new MetricAggregator(name, new MetricGrainOptions());
        foreach (var entry in record.Entries)
        {
            var replayed = serializer.Deserialize<MetricJournalEntry>(entry);
            metric.Replay(replayed.Batch, replayed.NowMs);
        }

        return serializer.SerializeToBytes(metric.ToState()).Length;
    }

    private static async Task<DeltaLog> SubscribeAsync(TestSilo silo, string metric)
    {
        var log = new DeltaLog();
        await silo.Services.GetRequiredService<IStreamProvider>().GetStream<MetricDelta>(TopicStreams.For(Topic.Metric(metric))).SubscribeAsync((delta, _) =>
        {
            log.Add(delta);
            return Task.CompletedTask;
        });
        return log;
    }

    private static MetricBatch Batch(string id, double value, long nowMs)
        => new(id, [new MetricSample(value, nowMs, new Dictionary<string, string> { ["host"] = "a" })]);

    private static (long Count, double Sum) Totals(MetricSnapshot snapshot) => (snapshot.Series.Sum(s => s.Count), snapshot.Series.Sum(s => s.Sum));

    // What of a snapshot does not move with the clock: totals, last value, and the points from windowStart on.
    private static MetricSnapshot Settled(MetricSnapshot snapshot, long windowStart)
        => snapshot with
        {
            Series = [.. snapshot.Series.Select(s => s with { Rate = 0, P50 = null, P90 = null, P99 = null, Points = [.. s.Points.Where(p => p.TsSecond >= windowStart)] })],
        };

    private static string Json(MetricSnapshot snapshot) => JsonSerializer.Serialize(snapshot, GrainsJsonContext.Default.MetricSnapshot);

    private static async Task Expect(Task task, string expected)
    {
        try
        {
            await task.WaitAsync(s_wait);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {s_wait.TotalSeconds:0} s for {expected}.");
        }
    }

    /// <summary>The deltas a subscriber received, with a wait for a condition on them.</summary>
    private sealed class DeltaLog
    {
        private readonly List<MetricDelta> _items = [];
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<MetricDelta> Items
        {
            get
            {
                lock (_items)
                {
                    return [.. _items];
                }
            }
        }

        public void Add(MetricDelta delta)
        {
            TaskCompletionSource arrived;
            lock (_items)
            {
                _items.Add(delta);
                arrived = _next;
                _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            arrived.SetResult();
        }

        public async Task WaitForAsync(Func<IReadOnlyList<MetricDelta>, bool> condition, string expected)
        {
            var deadline = DateTime.UtcNow + s_wait;
            while (true)
            {
                Task arrived;
                lock (_items)
                {
                    if (condition(_items))
                    {
                        return;
                    }

                    arrived = _next.Task;
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || await Task.WhenAny(arrived, Task.Delay(left)) != arrived)
                {
                    throw new TimeoutException($"Waited {s_wait.TotalSeconds:0} s for {expected}; got {Items.Count} items.");
                }
            }
        }
    }
}
