using System.Text.Json;
using LiveDash.Grains;
using LiveDash.Grains.Aggregation;
using Xunit;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Aggregation;

public sealed class MetricAggregatorDeltaTests
{
    [Fact]
    public void TakeDelta_NothingChangedSinceTheLastOne_Null()
    {
        var metric = NewMetric();
        metric.Apply(Batch(Sample(1)), NowMs);
        Assert.NotNull(metric.TakeDelta(NowMs));

        Assert.Null(metric.TakeDelta(NowMs));
        Assert.Null(metric.TakeDelta(NowMs + 999));
    }

    [Fact]
    public void TakeDelta_EmptyMetric_Null()
    {
        Assert.Null(NewMetric().TakeDelta(NowMs));
    }

    [Fact]
    public void TakeDelta_NewSeries_SentWholeWithTheWindowStart()
    {
        var metric = NewMetric();
        metric.Apply(Batch(Sample(1, NowMs - 2000, ("host", "a")), Sample(3, NowMs, ("host", "a"))), NowMs);

        var series = Assert.Single(metric.TakeDelta(NowMs)!.Series);

        Assert.Equal("a", series.Tags["host"]);
        Assert.Equal(2, series.Count);
        Assert.Equal([new SeriesPoint(NowSecond - 2, 1), new SeriesPoint(NowSecond, 3)], series.Points);
        Assert.Equal(NowSecond - 299, series.WindowStartSecond);
        Assert.Equal(2 / 60.0, series.Rate);
    }

    [Fact]
    public void TakeDelta_SampleForOneSeries_OnlyThatSeriesAndOnlyItsChangedPoint()
    {
        var metric = NewMetric();
        metric.Apply(Batch(
            Sample(1, NowMs - 3000, ("host", "a")),
            Sample(1, NowMs - 3000, ("host", "b")),
            Sample(2, NowMs - 2000, ("host", "b")),
            Sample(3, NowMs - 1000, ("host", "b"))), NowMs);
        metric.TakeDelta(NowMs);

        metric.Apply(Batch(Sample(4, NowMs - 2000, ("host", "b"))), NowMs);
        var delta = metric.TakeDelta(NowMs)!;

        var series = Assert.Single(delta.Series);
        Assert.Equal("b", series.Tags["host"]);
        Assert.Equal([new SeriesPoint(NowSecond - 2, 3)], series.Points);
        Assert.Equal(4, series.Count);
        Assert.Equal(10, series.Sum);
        Assert.Equal(3, series.Last);
    }

    [Fact]
    public void TakeDelta_SeriesAddedBetweenOthers_DeltaInCanonicalOrder()
    {
        var metric = NewMetric();
        metric.Apply(Batch(Sample(1, NowMs, ("host", "b"))), NowMs);
        metric.TakeDelta(NowMs);

        metric.Apply(Batch(Sample(1, NowMs, ("host", "c")), Sample(1, NowMs, ("host", "a")), Sample(2, NowMs, ("host", "b"))), NowMs);

        Assert.Equal(["a", "b", "c"], metric.TakeDelta(NowMs)!.Series.Select(series => series.Tags["host"]));
    }

    [Fact]
    public void TakeDelta_TimePassesWithoutSamples_RateDecaysThenPointsAndQuantilesLeave()
    {
        var metric = NewMetric();
        metric.Apply(Batch(Sample(5)), NowMs);
        metric.TakeDelta(NowMs);

        Assert.Null(metric.TakeDelta(NowMs + 59_999));
        var decayed = Assert.Single(metric.TakeDelta(NowMs + 60_000)!.Series);
        Assert.Equal(0, decayed.Rate);
        Assert.Empty(decayed.Points);
        Assert.Equal(5, decayed.P50!.Value, 5 * 0.01);
        Assert.True(metric.HasRecentSamples(NowMs + 60_000));

        Assert.Null(metric.TakeDelta(NowMs + 299_999));
        var emptied = Assert.Single(metric.TakeDelta(NowMs + 300_000)!.Series);
        Assert.Null(emptied.P50);
        Assert.Equal(NowSecond + 1, emptied.WindowStartSecond);
        Assert.False(metric.HasRecentSamples(NowMs + 300_000));
        Assert.Null(metric.TakeDelta(NowMs + 3_600_000));
    }

    [Fact]
    public void TakeDelta_TimePassesWithoutSamples_AppliedDeltasFollowTheSnapshot()
    {
        var metric = NewMetric();
        metric.Apply(Batch(Sample(1, NowMs - 250_000), Sample(2, NowMs - 30_000), Sample(3)), NowMs);
        metric.TakeDelta(NowMs);
        var reader = metric.Snapshot(NowMs);

        foreach (var later in new[] { 20_000L, 45_000, 51_000, 200_000, 299_000, 400_000 })
        {
            if (metric.TakeDelta(NowMs + later) is { } delta)
            {
                reader = reader.Apply(delta);
            }

            Assert.Equal(Json(metric.Snapshot(NowMs + later)), Json(reader));
        }
    }

    [Fact]
    public void TakeDelta_FutureSampleReached_ItsPointIsSentThen()
    {
        var metric = NewMetric();
        metric.Apply(Batch(Sample(7, NowMs + 2000)), NowMs);
        Assert.Empty(metric.TakeDelta(NowMs)!.Series.Single().Points);

        Assert.Null(metric.TakeDelta(NowMs + 1000));
        var reached = metric.TakeDelta(NowMs + 2000)!.Series.Single();

        Assert.Equal([new SeriesPoint(NowSecond + 2, 7)], reached.Points);
        Assert.Equal(1 / 60.0, reached.Rate);
    }

    [Fact]
    public void TakeDelta_SampleOutsideTheWindows_SeriesSentWithNewTotalsOnly()
    {
        var metric = NewMetric();
        metric.Apply(Batch(Sample(1)), NowMs);
        metric.TakeDelta(NowMs);

        metric.Apply(Batch(Sample(9, NowMs - 3_600_000)), NowMs);
        var series = metric.TakeDelta(NowMs)!.Series.Single();

        Assert.Equal(2, series.Count);
        Assert.Equal(9, series.Max);
        Assert.Empty(series.Points);
    }

    [Fact]
    public void TakeDelta_ClockStepsBack_ReadAsTheLastDeltasTime()
    {
        var metric = NewMetric();
        metric.Apply(Batch(Sample(1, NowMs + 3000)), NowMs);
        metric.TakeDelta(NowMs + 5000);

        Assert.Null(metric.TakeDelta(NowMs));
        Assert.Equal(Json(metric.Snapshot(NowMs + 5000)), Json(metric.Snapshot(NowMs)));
        Assert.Single(metric.Snapshot(NowMs).Series.Single().Points);
    }

    [Fact]
    public void MarkPublished_ThenASample_DeltaCarriesOnlyTheSample()
    {
        var metric = NewMetric();
        metric.Apply(Batch(Sample(1, NowMs, ("host", "a")), Sample(1, NowMs, ("host", "b"))), NowMs);
        metric.MarkPublished(NowMs);
        var reader = metric.Snapshot(NowMs);

        metric.Apply(Batch(Sample(2, NowMs + 1000, ("host", "a"))), NowMs + 1000);
        var delta = metric.TakeDelta(NowMs + 1000)!;

        var series = Assert.Single(delta.Series);
        Assert.Equal("a", series.Tags["host"]);
        Assert.Equal([new SeriesPoint(NowSecond + 1, 2)], series.Points);
        Assert.Equal(Json(metric.Snapshot(NowMs + 1000)), Json(reader.Apply(delta)));
    }

    [Fact]
    public void FromState_LoadedStateIsTheBaseline_FirstDeltaCarriesOnlyLaterSamples()
    {
        var stored = NewMetric();
        stored.Apply(Batch(Sample(1, NowMs, ("host", "a")), Sample(1, NowMs, ("host", "b"))), NowMs);
        var metric = MetricAggregator.FromState("cpu.load", new MetricGrainOptions(), stored.ToState());

        metric.Apply(Batch(Sample(4, NowMs, ("host", "b"))), NowMs);
        var delta = metric.TakeDelta(NowMs)!;

        var series = Assert.Single(delta.Series);
        Assert.Equal("b", series.Tags["host"]);
        Assert.Equal([new SeriesPoint(NowSecond, 2.5)], series.Points);
        Assert.Null(metric.TakeDelta(NowMs));
    }

    [Fact]
    public void FromState_NothingAppliedSinceTheLoad_FirstDeltaNull()
    {
        var stored = NewMetric();
        stored.Apply(Batch(Sample(1)), NowMs);

        var metric = MetricAggregator.FromState("cpu.load", new MetricGrainOptions(), stored.ToState());

        Assert.Null(metric.TakeDelta(NowMs + 1000));
        Assert.True(metric.HasRecentSamples(NowMs + 1000));
    }

    [Fact]
    public void HasRecentSamples_UntilTheNewestSampleLeavesEveryWindow_True()
    {
        var metric = NewMetric();
        Assert.False(metric.HasRecentSamples(NowMs));

        metric.Apply(Batch(Sample(1, NowMs - 10_000), Sample(1)), NowMs);

        Assert.True(metric.HasRecentSamples(NowMs));
        Assert.True(metric.HasRecentSamples(NowMs + 299_999));
        Assert.False(metric.HasRecentSamples(NowMs + 300_000));
    }

    [Fact]
    public void HasRecentSamples_OnlySamplesOlderThanTheWindows_False()
    {
        var metric = NewMetric();

        metric.Apply(Batch(Sample(1, NowMs - 3_600_000)), NowMs);

        Assert.False(metric.HasRecentSamples(NowMs));
    }

    private static MetricAggregator NewMetric() => new("cpu.load", new MetricGrainOptions());

    private static string Json(MetricSnapshot snapshot) => JsonSerializer.Serialize(snapshot, GrainsJsonContext.Default.MetricSnapshot);
}
