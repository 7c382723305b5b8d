using System.Text.Json;
using LiveDash.Grains;
using LiveDash.Grains.Aggregation;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Aggregation.State;

/// <summary>
/// A metric grain journals each applied (batch, nowMs) and snapshots <see cref="MetricAggregator.ToState"/>
/// now and then; activation loads the snapshot and replays the tail. These tests hold
/// <see cref="MetricAggregator.Replay"/> to "replaying rebuilds the same state".
/// </summary>
public sealed class MetricJournalReplayTests(ITestOutputHelper output)
{
    // Small bounds, so a few hundred steps reach each of them: the series limit (7 tag sets, 5
    // allowed), the batch-id count and age bounds, and the sketches' bucket bound (values over many
    // magnitudes collapse the lowest buckets).
    private static readonly MetricGrainOptions s_options = new()
    {
        MaxSeriesPerMetric = 5,
        MaxRememberedBatchIds = 6,
        BatchIdRetention = TimeSpan.FromMinutes(2),
        MaxQuantileSketchBuckets = 8,
    };

    private static readonly RuntimeJsonSerializer s_serializer = ProductSerializer();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Replay_FromASnapshotTakenAtAnyStep_RebuildsTheLiveState(int seed)
    {
        var (live, journal, snapshots, counts) = RunLive(new Random(seed), steps: 400);
        var expected = StateJson(live);

        // The run exercised what replay must reproduce, or the comparison proves little.
        Assert.True(counts.Duplicates > 10, $"expected duplicates, got {counts.Duplicates}");
        Assert.True(counts.Rejected > 5, $"expected rejected batches, got {counts.Rejected}");
        Assert.True(counts.ReusedAfterExpiry > 5, $"expected batch ids re-applied after expiry, got {counts.ReusedAfterExpiry}");
        Assert.Equal(s_options.MaxSeriesPerMetric, live.SeriesCount);

        foreach (var (afterEntries, snapshot) in snapshots)
        {
            var rebuilt = snapshot is null
                ? new MetricAggregator("cpu.load", s_options)
                : MetricAggregator.FromState("cpu.load", s_options, s_serializer.Deserialize<MetricGrainState>(snapshot));
            foreach (var entry in journal.Skip(afterEntries))
            {
                var stored = s_serializer.Deserialize<MetricJournalEntry>(entry);
                rebuilt.Replay(stored.Batch, stored.NowMs);
            }

            Assert.True(expected == StateJson(rebuilt), $"the state rebuilt from the snapshot after entry {afterEntries} differs from the live state");
        }
    }

    [Fact]
    public void Replay_MidwaySnapshotThenTail_MatchesLiveAtEveryLaterStep()
    {
        // A snapshot mid-way, then the tail replayed entry by entry: after each one the rebuilt state
        // equals the live state as it was when that entry was appended.
        var random = new Random(42);
        var live = new MetricAggregator("cpu.load", s_options);
        var nowMs = NowMs;
        byte[]? snapshot = null;
        var tail = new List<(byte[] Entry, string LiveState)>();
        for (var step = 0; step < 300; step++)
        {
            nowMs = NextNow(random, nowMs);
            if (TryApply(live, RandomBatch(random, nowMs), nowMs, out var entry))
            {
                if (step >= 150)
                {
                    tail.Add((entry, StateJson(live)));
                }
            }

            if (step == 149)
            {
                snapshot = s_serializer.SerializeToBytes(live.ToState());
            }
        }

        var rebuilt = MetricAggregator.FromState("cpu.load", s_options, s_serializer.Deserialize<MetricGrainState>(snapshot));
        Assert.True(tail.Count > 50, $"expected a long tail, got {tail.Count} entries");
        for (var i = 0; i < tail.Count; i++)
        {
            var stored = s_serializer.Deserialize<MetricJournalEntry>(tail[i].Entry);
            rebuilt.Replay(stored.Batch, stored.NowMs);
            Assert.True(tail[i].LiveState == StateJson(rebuilt), $"after tail entry {i} the rebuilt state differs from the live one");
        }
    }

    [Fact]
    public void Replay_AfterTheOptionsTightened_StillRestoresEveryAcknowledgedBatch()
    {
        // Applied under generous options, replayed under a lower series limit, a shorter retention
        // and a shorter point age: acknowledged batches come back whole and none is taken for a duplicate.
        var generous = new MetricGrainOptions { MaxSeriesPerMetric = 10, BatchIdRetention = TimeSpan.FromMinutes(1) };
        var tight = new MetricGrainOptions { MaxSeriesPerMetric = 1, BatchIdRetention = TimeSpan.FromMinutes(10), MaxPointAge = TimeSpan.FromSeconds(1) };
        var live = new MetricAggregator("cpu.load", generous);
        var first = Batch("again", Sample(1, NowMs - 30_000, ("host", "a")), Sample(2, NowMs, ("host", "b")));
        var second = Batch("again", Sample(4, NowMs + 90_000, ("host", "c")));
        Assert.False(live.Apply(first, NowMs).Duplicate);
        Assert.False(live.Apply(second, NowMs + 90_000).Duplicate);

        var rebuilt = new MetricAggregator("cpu.load", tight);
        rebuilt.Replay(first, NowMs);
        rebuilt.Replay(second, NowMs + 90_000);

        Assert.Equal(3, rebuilt.SeriesCount);
        Assert.Equal([1L, 1L, 1L], rebuilt.Snapshot(NowMs + 90_000).Series.Select(series => series.Count));
        Assert.True(rebuilt.IsDuplicate("again", NowMs + 90_000));
    }

    [Fact]
    public void JournalEntry_OfABatch_IsFarSmallerThanTheWholeStateOnceTheWindowsFill()
    {
        // Four hosts reporting every second for the 5-minute window: the state a whole-state write
        // stored per batch, against the entry a journal appends for the next batch (one point per host).
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions());
        var random = new Random(7);
        var nowMs = NowMs;
        for (var second = 0; second < 300; second++, nowMs += 1000)
        {
            metric.Apply(Batch($"b-{second}", [.. Enumerable.Range(0, 4).Select(h => Sample(random.NextDouble() * 100, nowMs, ("host", $"h{h}")))]), nowMs);
        }

        var next = Batch("b-next", [.. Enumerable.Range(0, 4).Select(h => Sample(random.NextDouble() * 100, nowMs, ("host", $"h{h}")))]);
        metric.Apply(next, nowMs);
        var stateBytes = s_serializer.SerializeToBytes(metric.ToState()).Length;
        var entryBytes = s_serializer.SerializeToBytes(new MetricJournalEntry { NowMs = nowMs, Batch = next }).Length;
        output.WriteLine(
            $"4 series x 300 s: whole state {stateBytes} B ({stateBytes / 4.0:F0} B per point of a 4-point batch); journal entry {entryBytes} B ({entryBytes / 4.0:F0} B per point)");

        Assert.True(entryBytes * 50 < stateBytes, $"expected the entry ({entryBytes} B) under 1/50 of the state ({stateBytes} B)");
    }

    private static (MetricAggregator Live, List<byte[]> Journal, List<(int AfterEntries, byte[]? Snapshot)> Snapshots, Counts Counts) RunLive(Random random, int steps)
    {
        var live = new MetricAggregator("cpu.load", s_options);
        var journal = new List<byte[]>();
        var snapshots = new List<(int, byte[]?)> { (0, null) };
        var counts = new Counts();
        var everApplied = new HashSet<string>(StringComparer.Ordinal);
        var nowMs = NowMs;
        for (var step = 0; step < steps; step++)
        {
            nowMs = NextNow(random, nowMs);
            var batch = RandomBatch(random, nowMs);

            // As the grain does: publishing takes deltas between batches (it must not change the state).
            if (random.Next(3) == 0)
            {
                live.TakeDelta(nowMs);
            }

            var duplicate = batch.BatchId is { } id && live.IsDuplicate(id, nowMs);
            if (TryApply(live, batch, nowMs, out var entry))
            {
                journal.Add(entry);
                if (batch.BatchId is { } applied && !everApplied.Add(applied))
                {
                    counts.ReusedAfterExpiry++;
                }
            }
            else if (duplicate)
            {
                counts.Duplicates++;
            }
            else
            {
                counts.Rejected++;
            }

            if (random.Next(10) == 0)
            {
                snapshots.Add((journal.Count, s_serializer.SerializeToBytes(live.ToState())));
            }
        }

        return (live, journal, snapshots, counts);
    }

    /// <summary>Applies as the grain does; returns the journal entry it would append (none for a duplicate or a rejected batch).</summary>
    private static bool TryApply(MetricAggregator live, MetricBatch batch, long nowMs, out byte[] entry)
    {
        entry = [];
        try
        {
            if (live.Apply(batch, nowMs).Duplicate)
            {
                return false;
            }
        }
        catch (Exception error) when (error is InvalidGrainInputException or SeriesLimitExceededException)
        {
            return false;
        }

        entry = s_serializer.SerializeToBytes(new MetricJournalEntry { NowMs = nowMs, Batch = batch });
        return true;
    }

    // Mostly forward by up to 20 s, now and then past the batch-id retention, rarely a small step back.
    private static long NextNow(Random random, long nowMs) => random.Next(20) switch
    {
        0 => nowMs + 150_000 + random.Next(60_000),
        1 => nowMs - random.Next(3_000),
        _ => nowMs + random.Next(20_000),
    };

    private static MetricBatch RandomBatch(Random random, long nowMs)
    {
        // Ids from a small pool: retries (duplicates) and ids re-used after they expired.
        var batchId = random.Next(5) == 0 ? null : $"b-{random.Next(12)}";
        var samples = new MetricSample[random.Next(0, 7)];
        for (var i = 0; i < samples.Length; i++)
        {
            var magnitude = Math.Pow(10, random.Next(-6, 7));
            var value = random.Next(8) switch
            {
                0 => 0,
                1 => -random.NextDouble() * magnitude,
                _ => random.NextDouble() * magnitude,
            };

            // Within the windows, behind them (totals only), a little ahead, and rarely too old (rejected).
            var timestampMs = random.Next(40) == 0
                ? nowMs - (long)TimeSpan.FromHours(25).TotalMilliseconds
                : nowMs - random.Next(-60_000, 400_000);
            // Seven tag sets, six of them common: the series limit (5) is reached and then rejects some batches.
            var host = random.Next(30) == 0 ? 6 : random.Next(6);
            samples[i] = new MetricSample(value, timestampMs, Tags(("host", $"h{host}"), ("dc", host % 2 == 0 ? "east" : "west")));
        }

        return new MetricBatch(batchId, samples);
    }

    private static string StateJson(MetricAggregator metric) => JsonSerializer.Serialize(metric.ToState(), GrainStateJsonContext.Default.MetricGrainState);

    // As LiveDashSiloBuilderExtensions.AddLiveDashGrains registers the contexts.
    private static RuntimeJsonSerializer ProductSerializer()
    {
        var options = new SerializationOptions();
        options.TypeInfoResolvers.Add(GrainStateJsonContext.Default);
        options.TypeInfoResolvers.Add(GrainsJsonContext.Default);
        options.TypeInfoResolvers.Add(GrainJournalJsonContext.Default);
        return new RuntimeJsonSerializer(Options.Create(options));
    }

    private sealed class Counts
    {
        public int Duplicates { get; set; }

        public int Rejected { get; set; }

        public int ReusedAfterExpiry { get; set; }
    }
}
