using System.Text.Json;
using LiveDash.Grains;
using Xunit;
using static LiveDash.UnitTests.Grains.GrainTestData;
using static LiveDash.UnitTests.Grains.Interfaces.Metrics.SeriesSnapshotTests;

namespace LiveDash.UnitTests.Grains.Interfaces.Metrics;

public sealed class MetricSnapshotTests
{
    [Fact]
    public void Apply_DeltaOfAHeldSeries_ReplacesItInPlaceAndKeepsTheOthers()
    {
        var snapshot = new MetricSnapshot("m", [Series(Tags(("host", "a")), 1, []), Series(Tags(("host", "b")), 1, [])]);

        var applied = snapshot.Apply(new MetricDelta("m", [Delta(Tags(("host", "b")), count: 5, [], windowStart: 0)]));

        Assert.Equal([1L, 5L], applied.Series.Select(series => series.Count));
        Assert.Same(snapshot.Series[0], applied.Series[0]);
    }

    [Fact]
    public void Apply_NewSeries_JoinAtTheirCanonicalPlace()
    {
        var snapshot = new MetricSnapshot("m", [Series(Tags(("dc", "x")), 1, []), Series(Tags(("host", "b")), 1, [])]);

        var applied = snapshot.Apply(new MetricDelta("m",
        [
            Delta(Tags(), count: 1, [], windowStart: 0),
            Delta(Tags(("host", "a"), ("dc", "y")), count: 1, [], windowStart: 0),
            Delta(Tags(("host", "c")), count: 1, [], windowStart: 0),
        ]));

        Assert.Equal(
            ["", "dc=x", "dc=y\u001Ehost=a", "host=b", "host=c"],
            applied.Series.Select(series => CanonicalTags.Key(series.Tags)));
    }

    [Fact]
    public void Apply_SameDeltaTwice_SameJson()
    {
        var snapshot = new MetricSnapshot("m", [Series(Tags(("host", "b")), 1, [Point(10, 1)])]);
        var delta = new MetricDelta("m",
        [
            Delta(Tags(("host", "a")), count: 1, [Point(11, 1)], windowStart: 0),
            Delta(Tags(("host", "b")), count: 2, [Point(11, 3)], windowStart: 11),
        ]);

        var once = snapshot.Apply(delta);

        Assert.Equal(Json(once), Json(once.Apply(delta)));
        Assert.Equal([Point(11, 3)], once.Series[1].Points);
    }

    [Fact]
    public void Apply_DeltaOfAnotherMetric_Rejected()
    {
        var snapshot = new MetricSnapshot("m", []);

        Assert.Throws<ArgumentException>(() => snapshot.Apply(new MetricDelta("other", [])));
    }

    private static string Json(MetricSnapshot snapshot) => JsonSerializer.Serialize(snapshot, GrainsJsonContext.Default.MetricSnapshot);
}
