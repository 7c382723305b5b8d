using LiveDash.Grains;
using Xunit;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Interfaces.Metrics;

public sealed class SeriesSnapshotTests
{
    [Fact]
    public void Apply_Delta_ReplacesScalarsAndKeepsUnlistedPoints()
    {
        var held = Series(Tags(("host", "a")), count: 2, [Point(10, 1), Point(11, 2)]);

        var applied = held.Apply(Delta(Tags(("host", "a")), count: 3, [Point(12, 3)], windowStart: 0));

        Assert.Equal(3, applied.Count);
        Assert.Equal(9, applied.Last);
        Assert.Equal([Point(10, 1), Point(11, 2), Point(12, 3)], applied.Points);
        Assert.Same(held.Tags, applied.Tags);
    }

    [Fact]
    public void Apply_PointOfAHeldSecond_ReplacesItsAverage()
    {
        var held = Series(Tags(), count: 2, [Point(10, 1), Point(11, 2)]);

        var applied = held.Apply(Delta(Tags(), count: 3, [Point(10, 4)], windowStart: 0));

        Assert.Equal([Point(10, 4), Point(11, 2)], applied.Points);
    }

    [Fact]
    public void Apply_WindowStart_DropsOlderHeldAndDeltaPoints()
    {
        var held = Series(Tags(), count: 3, [Point(10, 1), Point(11, 2), Point(12, 3)]);

        var applied = held.Apply(Delta(Tags(), count: 3, [Point(10, 7), Point(13, 4)], windowStart: 12));

        Assert.Equal([Point(12, 3), Point(13, 4)], applied.Points);
    }

    [Fact]
    public void Apply_PointsOutOfOrder_KeptOldestFirst()
    {
        var held = Series(Tags(), count: 1, [Point(11, 2)]);

        var applied = held.Apply(Delta(Tags(), count: 3, [Point(14, 4), Point(10, 1), Point(12, 3)], windowStart: 0));

        Assert.Equal([10L, 11, 12, 14], applied.Points.Select(point => point.TsSecond));
    }

    [Fact]
    public void Apply_SameDeltaTwice_SameSeries()
    {
        var held = Series(Tags(), count: 2, [Point(10, 1), Point(11, 2)]);
        var delta = Delta(Tags(), count: 3, [Point(11, 5), Point(12, 3)], windowStart: 11);

        var once = held.Apply(delta);
        var twice = once.Apply(delta);

        Assert.Equal(once.Points, twice.Points);
        Assert.Equal(once with { Points = [] }, twice with { Points = [] });
    }

    [Fact]
    public void Apply_DeltaOfAnotherTagSet_Rejected()
    {
        var held = Series(Tags(("host", "a")), count: 1, []);

        var error = Assert.Throws<ArgumentException>(() => held.Apply(Delta(Tags(("host", "b")), count: 1, [], windowStart: 0)));

        Assert.Contains("'host=b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDelta_NewSeries_TakesEveryValueAndPointInTheWindow()
    {
        var series = SeriesSnapshot.FromDelta(Delta(Tags(("host", "a")), count: 2, [Point(9, 1), Point(10, 2)], windowStart: 10));

        Assert.Equal(2, series.Count);
        Assert.Equal("a", series.Tags["host"]);
        Assert.Equal([Point(10, 2)], series.Points);
    }

    [Fact]
    public void FromDelta_TagsInAnotherOrder_KeptInKeyOrder()
    {
        var series = SeriesSnapshot.FromDelta(Delta(Tags(("zone", "z"), ("host", "a")), count: 1, [], windowStart: 0));

        Assert.Equal(["host", "zone"], series.Tags.Keys);
    }

    internal static SeriesPoint Point(long second, double avg) => new(second, avg);

    internal static SeriesSnapshot Series(IReadOnlyDictionary<string, string> tags, long count, SeriesPoint[] points)
        => new(tags, Last: 1, count, Sum: count, Min: 1, Max: 1, Rate: 0, P50: 1, P90: 1, P99: 1, points);

    internal static SeriesDelta Delta(IReadOnlyDictionary<string, string> tags, long count, SeriesPoint[] points, long windowStart)
        => new(tags, Last: 9, count, Sum: count * 2, Min: 0, Max: 9, Rate: 0.5, P50: 2, P90: 8, P99: 9, points, windowStart);
}
