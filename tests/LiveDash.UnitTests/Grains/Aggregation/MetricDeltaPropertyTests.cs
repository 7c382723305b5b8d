using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using LiveDash.Grains;
using LiveDash.Grains.Aggregation;
using Xunit;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Aggregation;

/// <summary>
/// Random histories of a metric (batches over a few tag sets, the clock moving by milliseconds or
/// by minutes, now and then stepping back, reloads from storage) with deltas taken at random
/// points: a reader that starts from a snapshot and applies every delta must hold exactly the
/// snapshot of the moment, byte for byte.
/// </summary>
public sealed class MetricDeltaPropertyTests
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(300);

    // Tag sets in several spellings: the same set in another key order is the same series.
    private static readonly IReadOnlyDictionary<string, string>[] s_tagSets =
    [
        Tags(),
        Tags(("host", "a")),
        Tags(("host", "b")),
        Tags(("host", "a"), ("dc", "x")),
        Tags(("dc", "x"), ("host", "a")),
        Tags(("dc", "y")),
        Tags(("zone", "é")),
    ];

    // −0 and 0 differ in JSON, so a delta that dropped one for the other would show.
    private static readonly double[] s_specialValues = [-0.0, 0.0, 1e-300, -2.5, 1e12];

    [Fact]
    public void TakeDelta_RandomHistories_SnapshotPlusDeltasIsTheSnapshot()
    {
        Check.One(s_config, Prop.ForAll(Histories(), Run));
    }

    [Fact]
    public void TakeDelta_DeltaThenQuietThenMinutesPass_ReaderDecaysWithTheSnapshot()
    {
        // The case the random histories reach only now and then, spelled out: samples, a delta,
        // nothing for minutes while deltas keep being taken once a second.
        var ops = new List<MetricOp> { new Record([new(1, 3, -1500), new(2, 4, 0), new(1, 5, 2000)]), new Take() };
        for (var i = 0; i < 320; i++)
        {
            ops.Add(new Advance(1000));
            ops.Add(new Take());
        }

        Run([.. ops]);
    }

    private static void Run(MetricOp[] ops)
    {
        var options = new MetricGrainOptions();
        var metric = new MetricAggregator("cpu.load", options);
        var nowMs = NowMs + 123;
        var reader = metric.Snapshot(nowMs);
        MetricDelta? previous = null;

        foreach (var op in ops)
        {
            switch (op)
            {
                case Record record:
                    metric.Apply(new MetricBatch(null, [.. record.Samples.Select(sample => sample.ToSample(nowMs))]), nowMs);
                    break;
                case Advance advance:
                    nowMs += advance.Ms;
                    break;
                case Take:
                    var delta = metric.TakeDelta(nowMs);
                    reader = Follow(reader, delta, previous);
                    previous = delta ?? previous;
                    Assert.Equal(Json(metric.Snapshot(nowMs)), Json(reader));
                    break;
                case Resubscribe:
                    // What a grain's snapshot is: a flush, then the snapshot.
                    metric.TakeDelta(nowMs);
                    reader = metric.Snapshot(nowMs);
                    previous = null;
                    break;
                case Reload:
                    // A reactivation starts a new epoch: readers reload a snapshot (taken after a flush).
                    metric = MetricAggregator.FromState("cpu.load", options, metric.ToState());
                    metric.TakeDelta(nowMs);
                    reader = metric.Snapshot(nowMs);
                    previous = null;
                    break;
            }
        }

        reader = Follow(reader, metric.TakeDelta(nowMs), previous);
        Assert.Equal(Json(metric.Snapshot(nowMs)), Json(reader));
    }

    /// <summary>Applies <paramref name="delta"/>, checking on the way that it is minimal, idempotent and safe to replay after the previous one.</summary>
    private static MetricSnapshot Follow(MetricSnapshot reader, MetricDelta? delta, MetricDelta? previous)
    {
        if (delta is null)
        {
            return reader;
        }

        var held = reader.Series.ToDictionary(series => CanonicalTags.Key(series.Tags), StringComparer.Ordinal);
        var applied = reader.Apply(delta);
        var byKey = applied.Series.ToDictionary(series => CanonicalTags.Key(series.Tags), StringComparer.Ordinal);
        foreach (var series in delta.Series)
        {
            var key = CanonicalTags.Key(series.Tags);
            Assert.True(
                !held.TryGetValue(key, out var before) || Json(before) != Json(byKey[key]),
                $"Series '{key}' is in the delta but did not change.");
        }

        Assert.Equal(Json(applied), Json(applied.Apply(delta)));
        if (previous is not null)
        {
            Assert.Equal(Json(applied), Json(applied.Apply(previous).Apply(delta)));
        }

        return applied;
    }

    private static Arbitrary<MetricOp[]> Histories()
    {
        var sample = Gen.Zip(
                Gen.Choose(0, s_tagSets.Length - 1),
                Gen.Frequency((4, Gen.Choose(-1000, 1000).Select(i => i / 8.0)), (1, Gen.Elements(s_specialValues))))
            .SelectMany(
                tagsAndValue => Gen.Frequency(
                    (12, Gen.Choose(-299_999, 0)),
                    (2, Gen.Choose(-400_000, -300_000)),
                    (2, Gen.Choose(1, 15_000)),
                    (1, Gen.Choose(15_001, 300_000))),
                (tagsAndValue, offsetMs) => new GeneratedSample(tagsAndValue.Item1, tagsAndValue.Item2, offsetMs));
        var op = Gen.Frequency(
            (6, Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(sample, n)).Select(samples => (MetricOp)new Record(samples))),
            (4, Gen.Choose(0, 1500).Select(ms => (MetricOp)new Advance(ms))),
            (2, Gen.Choose(5_000, 70_000).Select(ms => (MetricOp)new Advance(ms))),
            (1, Gen.Choose(200_000, 700_000).Select(ms => (MetricOp)new Advance(ms))),
            (1, Gen.Choose(-3000, -1).Select(ms => (MetricOp)new Advance(ms))),
            (5, Gen.Constant((MetricOp)new Take())),
            (1, Gen.Constant((MetricOp)new Resubscribe())),
            (1, Gen.Constant((MetricOp)new Reload())));
        var history = Gen.Choose(1, 60).SelectMany(n => Gen.ArrayOf(op, n));
        return Arb.From(history, ShrinkByDroppingOne);
    }

    private static IEnumerable<MetricOp[]> ShrinkByDroppingOne(MetricOp[] ops)
    {
        for (var i = 0; i < ops.Length; i++)
        {
            yield return [.. ops[..i], .. ops[(i + 1)..]];
        }
    }

    private static string Json(MetricSnapshot snapshot) => JsonSerializer.Serialize(snapshot, GrainsJsonContext.Default.MetricSnapshot);

    private static string Json(SeriesSnapshot series) => JsonSerializer.Serialize(series, GrainsJsonContext.Default.SeriesSnapshot);

    internal abstract record MetricOp;

    internal sealed record Record(GeneratedSample[] Samples) : MetricOp
    {
        public override string ToString() => $"Record[{string.Join(", ", Samples.AsEnumerable())}]";
    }

    internal sealed record Advance(long Ms) : MetricOp;

    internal sealed record Take : MetricOp;

    internal sealed record Resubscribe : MetricOp;

    internal sealed record Reload : MetricOp;

    internal sealed record GeneratedSample(int TagSet, double Value, long OffsetMs)
    {
        public MetricSample ToSample(long nowMs) => new(Value, nowMs + OffsetMs, s_tagSets[TagSet]);
    }
}
