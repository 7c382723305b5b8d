using LiveDash.Grains;
using LiveDash.Grains.Aggregation;
using Xunit;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Aggregation;

public sealed class SeriesAggregatorTests
{
    private const double Alpha = 0.01;

    private readonly QuantileSketch _scratch = new(Alpha, 1024);

    [Fact]
    public void Add_KnownSamples_TotalsSinceTheSeriesBegan()
    {
        var series = NewSeries();
        series.Add(3, NowMs - 4000, NowMs);
        series.Add(-1, NowMs - 3000, NowMs);
        series.Add(10.5, NowMs - 2000, NowMs);
        series.Add(2, NowMs - 1000, NowMs);

        var snapshot = series.Snapshot(NowMs, _scratch);

        Assert.Equal(4, snapshot.Count);
        Assert.Equal(14.5, snapshot.Sum);
        Assert.Equal(-1, snapshot.Min);
        Assert.Equal(10.5, snapshot.Max);
        Assert.Equal(2, snapshot.Last);
    }

    [Fact]
    public void Last_SamplesOutOfTimestampOrder_IsTheSampleWithTheGreatestTimestamp()
    {
        var series = NewSeries();
        series.Add(1, NowMs - 1000, NowMs);
        series.Add(2, NowMs, NowMs);
        series.Add(3, NowMs - 5000, NowMs);

        Assert.Equal(2, series.Snapshot(NowMs, _scratch).Last);
    }

    [Fact]
    public void Last_EqualTimestamps_IsTheLaterArrival()
    {
        var series = NewSeries();
        series.Add(1, NowMs, NowMs);
        series.Add(7, NowMs, NowMs);

        Assert.Equal(7, series.Snapshot(NowMs, _scratch).Last);
    }

    [Fact]
    public void Points_SamplesWithinOneSecond_AveragedPerSecondOldestFirst()
    {
        var series = NewSeries();
        series.Add(10, NowMs, NowMs);
        series.Add(1, NowMs - 2000 + 100, NowMs);
        series.Add(3, NowMs - 2000 + 900, NowMs);
        series.Add(4, NowMs - 2000 + 999, NowMs);

        var points = series.Snapshot(NowMs + 500, _scratch).Points;

        Assert.Equal([new SeriesPoint(NowSecond - 2, 8 / 3.0), new SeriesPoint(NowSecond, 10)], points);
    }

    [Fact]
    public void Rate_SamplesInAndBeforeTheLastMinute_CountsOnlyTheLast60SecondsDividedBy60()
    {
        var series = NewSeries();
        for (var second = 0; second < 60; second++)
        {
            series.Add(1, NowMs - (second * 1000), NowMs);
            series.Add(1, NowMs - (second * 1000) + 999, NowMs + 999);
        }

        for (var i = 0; i < 30; i++)
        {
            // The second just before the rate window: inside the points window, outside the rate.
            series.Add(1, NowMs - 60_000 + i, NowMs);
        }

        var snapshot = series.Snapshot(NowMs + 999, _scratch);

        Assert.Equal(2.0, snapshot.Rate);
        Assert.Equal(61, snapshot.Points.Count);
    }

    [Fact]
    public void Snapshot_NowAdvancesPastFiveMinutes_WindowsEmptyButTotalsRemain()
    {
        var series = NewSeries();
        series.Add(42, NowMs, NowMs);

        var lastMomentInside = series.Snapshot(NowMs + 299_999, _scratch);
        var firstMomentOutside = series.Snapshot(NowMs + 300_000, _scratch);

        Assert.Equal([new SeriesPoint(NowSecond, 42)], lastMomentInside.Points);
        Assert.Equal(42, lastMomentInside.P50!.Value, 42 * Alpha);
        Assert.Empty(firstMomentOutside.Points);
        Assert.Null(firstMomentOutside.P50);
        Assert.Null(firstMomentOutside.P90);
        Assert.Null(firstMomentOutside.P99);
        Assert.Equal(0, firstMomentOutside.Rate);
        Assert.Equal(1, firstMomentOutside.Count);
        Assert.Equal(42, firstMomentOutside.Last);
    }

    [Fact]
    public void Rate_NowAdvancesOneMinute_SampleLeavesTheRateWindow()
    {
        var series = NewSeries();
        series.Add(1, NowMs, NowMs);

        Assert.Equal(1 / 60.0, series.Snapshot(NowMs + 59_999, _scratch).Rate);
        Assert.Equal(0, series.Snapshot(NowMs + 60_000, _scratch).Rate);
    }

    [Fact]
    public void Add_SampleOlderThanTheWindow_CountsTowardTotalsOnly()
    {
        var series = NewSeries();
        series.Add(5, NowMs - 300_000, NowMs);

        var snapshot = series.Snapshot(NowMs, _scratch);

        Assert.Equal(1, snapshot.Count);
        Assert.Equal(5, snapshot.Sum);
        Assert.Equal(5, snapshot.Last);
        Assert.Empty(snapshot.Points);
        Assert.Null(snapshot.P50);
    }

    [Fact]
    public void Add_FutureSample_AppearsOnceNowReachesItsSecond()
    {
        var series = NewSeries();
        series.Add(9, NowMs + 2000, NowMs);

        Assert.Empty(series.Snapshot(NowMs, _scratch).Points);
        Assert.Equal([new SeriesPoint(NowSecond + 2, 9)], series.Snapshot(NowMs + 2000, _scratch).Points);
    }

    [Fact]
    public void Add_SlotOfAnExpiredSecond_StartsAFreshBucket()
    {
        var series = NewSeries();
        series.Add(100, NowMs, NowMs);

        // 300 s later the same ring slot is reused; the old second's sum and count must not leak in.
        series.Add(1, NowMs + 300_000, NowMs + 300_000);

        Assert.Equal([new SeriesPoint(NowSecond + 300, 1)], series.Snapshot(NowMs + 300_000, _scratch).Points);
    }

    [Fact]
    public void Add_SecondWhoseSlotHoldsANewerSecond_CountsTowardTotalsOnly()
    {
        var series = NewSeries();

        // A sample 5 s in the future takes the ring slot of the window's oldest second (now − 295 s).
        series.Add(1, NowMs + 5000, NowMs);
        series.Add(50, NowMs - 295_000, NowMs);

        var snapshot = series.Snapshot(NowMs + 5000, _scratch);

        Assert.Equal(2, snapshot.Count);
        Assert.Equal(51, snapshot.Sum);
        Assert.Equal([new SeriesPoint(NowSecond + 5, 1)], snapshot.Points);
    }

    [Fact]
    public void Points_FutureSampleTakesTheSlotOfAnInWindowSecond_WindowStartsAfterThatSecond()
    {
        var series = NewSeries();
        series.Add(1, NowMs - 299_000, NowMs);
        series.Add(2, NowMs - 290_000, NowMs);
        series.Add(3, NowMs - 100_000, NowMs);

        // Second now + 10 takes the slot of now − 290: the window then covers now − 289 … now + 10,
        // so now − 299 leaves with it rather than leaving a hole in the middle of the points.
        series.Add(4, NowMs + 10_000, NowMs);

        Assert.Equal(NowSecond - 289, series.WindowStartSecond(NowSecond));
        Assert.Equal([new SeriesPoint(NowSecond - 100, 3)], series.Snapshot(NowMs, _scratch).Points);
        Assert.Equal(4, series.Snapshot(NowMs, _scratch).Count);
    }

    [Fact]
    public void Quantiles_ValuesOneToThousand_WithinRelativeAccuracyOfTheExactRanks()
    {
        var series = NewSeries();
        for (var value = 1; value <= 1000; value++)
        {
            series.Add(value, NowMs - (value % 290 * 1000), NowMs);
        }

        var snapshot = series.Snapshot(NowMs, _scratch);

        // Lower-rank quantiles of 1..1000: index ⌊q·999⌋ → 500, 900, 990.
        Assert.InRange(snapshot.P50!.Value, 500 * (1 - Alpha), 500 * (1 + Alpha));
        Assert.InRange(snapshot.P90!.Value, 900 * (1 - Alpha), 900 * (1 + Alpha));
        Assert.InRange(snapshot.P99!.Value, 990 * (1 - Alpha), 990 * (1 + Alpha));
    }

    [Fact]
    public void Quantiles_SlicesLeaveTheWindow_OnlyRecentValuesCount()
    {
        var series = NewSeries();
        for (var i = 0; i < 100; i++)
        {
            series.Add(1000, NowMs, NowMs);
            series.Add(1, NowMs + 200_000, NowMs + 200_000);
        }

        // At +200 s both slices are in the window; at +300 s the slice of the 1000s has left it.
        Assert.Equal(1000, series.Snapshot(NowMs + 200_000, _scratch).P99!.Value, 1000 * Alpha);
        Assert.Equal(1, series.Snapshot(NowMs + 300_000, _scratch).P99!.Value, Alpha);
    }

    private static SeriesAggregator NewSeries() => new("host=a", Tags(("host", "a")), Alpha, 1024);
}
