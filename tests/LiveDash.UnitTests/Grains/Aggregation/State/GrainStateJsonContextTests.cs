using System.Text.Json;
using LiveDash.Grains;
using LiveDash.Grains.Aggregation;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.Options;
using Xunit;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Aggregation.State;

public sealed class GrainStateJsonContextTests
{
    private static readonly MetricGrainOptions s_metricOptions = new();
    private static readonly ScoreboardGrainOptions s_boardOptions = new();

    [Fact]
    public void MetricGrainState_JsonRoundTrip_ReproducesSnapshotStateAndBehaviour()
    {
        var original = BusyMetric();
        var json = JsonSerializer.Serialize(original.ToState(), GrainStateJsonContext.Default.MetricGrainState);

        var restored = MetricAggregator.FromState(
            "cpu.load", s_metricOptions, JsonSerializer.Deserialize(json, GrainStateJsonContext.Default.MetricGrainState)!);

        Assert.Equal(json, JsonSerializer.Serialize(restored.ToState(), GrainStateJsonContext.Default.MetricGrainState));
        foreach (var nowMs in new[] { NowMs, NowMs + 45_000, NowMs + 250_000 })
        {
            Assert.Equal(Json(original.Snapshot(nowMs)), Json(restored.Snapshot(nowMs)));
        }

        // The restored aggregator keeps working identically: same ring slots, sketches and batch ids.
        var next = Batch("next", Sample(3.25, NowMs + 61_000, ("host", "a")), Sample(-8, NowMs + 1000, ("host", "c")));
        Assert.Equal(original.Apply(next, NowMs + 61_000), restored.Apply(next, NowMs + 61_000));
        Assert.Equal(Json(original.Snapshot(NowMs + 61_000)), Json(restored.Snapshot(NowMs + 61_000)));
        Assert.True(restored.IsDuplicate("batch-2", NowMs + 61_000));
    }

    [Fact]
    public void MetricGrainState_ThroughTheRuntimeStorageSerializer_ReproducesTheSnapshot()
    {
        var serializationOptions = new SerializationOptions();
        serializationOptions.TypeInfoResolvers.Add(GrainStateJsonContext.Default);
        var serializer = new RuntimeJsonSerializer(Options.Create(serializationOptions));
        var original = BusyMetric();

        var bytes = serializer.SerializeToBytes(original.ToState());
        var restored = MetricAggregator.FromState("cpu.load", s_metricOptions, serializer.Deserialize<MetricGrainState>(bytes));

        Assert.Equal(Json(original.Snapshot(NowMs + 10_000)), Json(restored.Snapshot(NowMs + 10_000)));
    }

    [Fact]
    public void MetricGrainState_Json_IsCompactParallelArrays()
    {
        var metric = new MetricAggregator("cpu.load", s_metricOptions);
        metric.Apply(Batch(Sample(2, NowMs, ("host", "a"))), NowMs);

        var json = JsonSerializer.Serialize(metric.ToState(), GrainStateJsonContext.Default.MetricGrainState);

        Assert.Contains($"\"bucketSeconds\":[{NowSecond}],\"bucketCounts\":[1],\"bucketSums\":[2]", json, StringComparison.Ordinal);
        Assert.Contains($"\"sliceIndexes\":[{NowSecond / 10}]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreboardGrainState_JsonRoundTrip_ReproducesSnapshotTieOrderAndBatchIds()
    {
        var original = new ScoreboardAggregator("match-1", s_boardOptions);
        original.Apply(new BoardCommand("c-1", "Final", Set: Scores(("c", 5), ("a", 5), ("b", 9), ("d", -2))), NowMs);
        original.Apply(new BoardCommand("c-2", Add: Scores(("d", 7))), NowMs + 1000);
        var json = JsonSerializer.Serialize(original.ToState(), GrainStateJsonContext.Default.ScoreboardGrainState);

        var restored = ScoreboardAggregator.FromState(
            "match-1", s_boardOptions, JsonSerializer.Deserialize(json, GrainStateJsonContext.Default.ScoreboardGrainState)!);

        Assert.Equal(json, JsonSerializer.Serialize(restored.ToState(), GrainStateJsonContext.Default.ScoreboardGrainState));
        Assert.Equal(Json(original.Snapshot()), Json(restored.Snapshot()));
        Assert.Equal(["b", "c", "a", "d"], restored.Snapshot().Entries.Select(entry => entry.Id));
        Assert.False(restored.Apply(new BoardCommand("c-2", Add: Scores(("d", 7))), NowMs + 2000));

        // New changes after the restore still rank behind entries that held a tie first.
        restored.Apply(new BoardCommand(Add: Scores(("a", 4))), NowMs + 3000);
        Assert.Equal(["b", "a", "c", "d"], restored.Snapshot().Entries.Select(entry => entry.Id));
    }

    private static MetricAggregator BusyMetric()
    {
        var metric = new MetricAggregator("cpu.load", s_metricOptions);
        var random = new Random(42);
        for (var batch = 0; batch < 20; batch++)
        {
            var samples = new MetricSample[50];
            for (var i = 0; i < samples.Length; i++)
            {
                var host = (i % 3) switch { 0 => "a", 1 => "b", _ => "c" };
                var value = (random.NextDouble() - 0.2) * Math.Pow(10, random.Next(-3, 6));
                var timestampMs = NowMs - random.Next(0, 400_000) + random.Next(0, 3000);
                samples[i] = i % 7 == 0 ? Sample(i % 2 == 0 ? 0 : value, timestampMs) : Sample(value, timestampMs, ("host", host), ("zone", "eu-1"));
            }

            metric.Apply(new MetricBatch("batch-" + batch, samples), NowMs);
        }

        return metric;
    }

    private static Dictionary<string, long> Scores(params (string Id, long Score)[] scores)
        => scores.ToDictionary(score => score.Id, score => score.Score, StringComparer.Ordinal);

    private static string Json(MetricSnapshot snapshot) => JsonSerializer.Serialize(snapshot, GrainsJsonContext.Default.MetricSnapshot);

    private static string Json(BoardSnapshot snapshot) => JsonSerializer.Serialize(snapshot, GrainsJsonContext.Default.BoardSnapshot);
}
