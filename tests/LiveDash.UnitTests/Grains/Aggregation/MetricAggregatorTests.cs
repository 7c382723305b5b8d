using System.Text.Json;
using LiveDash.Grains;
using LiveDash.Grains.Aggregation;
using Xunit;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Aggregation;

public sealed class MetricAggregatorTests
{
    [Fact]
    public void Apply_ValidBatch_ReportsAcceptedSamplesAndBuildsSeries()
    {
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions());

        var result = metric.Apply(Batch(Sample(0.5, NowMs, ("host", "a")), Sample(0.7, NowMs, ("host", "b")), Sample(0.9, NowMs, ("host", "a"))), NowMs);

        Assert.Equal(new RecordResult(3, Duplicate: false), result);
        var snapshot = metric.Snapshot(NowMs);
        Assert.Equal("cpu.load", snapshot.Metric);
        Assert.Equal([2L, 1L], snapshot.Series.Select(series => series.Count));
    }

    [Fact]
    public void Apply_BadSampleAtIndex7_ThrowsNamingIndex7AndAppliesNothing()
    {
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions());
        metric.Apply(Batch(Sample(1, NowMs, ("host", "a"))), NowMs);
        var before = Json(metric.Snapshot(NowMs));
        var samples = Enumerable.Range(0, 10).Select(i => Sample(i, NowMs, ("host", i % 2 == 0 ? "a" : "new"))).ToArray();
        samples[7] = Sample(double.NaN, NowMs, ("host", "a"));

        var error = Assert.Throws<InvalidGrainInputException>(() => metric.Apply(Batch("b-1", samples), NowMs));

        Assert.Equal(7, error.ItemIndex);
        Assert.StartsWith("Item 7: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", error.Reason, StringComparison.Ordinal);
        Assert.Equal(before, Json(metric.Snapshot(NowMs)));
        Assert.False(metric.IsDuplicate("b-1", NowMs));
    }

    [Theory]
    [InlineData(-24 * 3_600_000L - 1, "older than MetricGrainOptions.MaxPointAge")]
    [InlineData(5 * 60_000L + 1, "beyond MetricGrainOptions.MaxFutureSkew")]
    public void Apply_TimestampOutsideTheAcceptedRange_Rejected(long offsetMs, string expected)
    {
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions());

        var error = Assert.Throws<InvalidGrainInputException>(() => metric.Apply(Batch(Sample(1), Sample(2, NowMs + offsetMs)), NowMs));

        Assert.Equal(1, error.ItemIndex);
        Assert.Contains(expected, error.Reason, StringComparison.Ordinal);
        Assert.Equal(0, metric.SeriesCount);
    }

    [Theory]
    [InlineData(-24 * 3_600_000L)]
    [InlineData(5 * 60_000L)]
    public void Apply_TimestampOnTheRangeBoundary_Accepted(long offsetMs)
    {
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions());

        Assert.Equal(1, metric.Apply(Batch(Sample(1, NowMs + offsetMs)), NowMs).Accepted);
    }

    [Fact]
    public void Apply_NewTagSetsBeyondTheSeriesLimit_ThrowsWithLimitCountAndOptionAndAppliesNothing()
    {
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions { MaxSeriesPerMetric = 3 });
        metric.Apply(Batch(Sample(1, NowMs, ("host", "a")), Sample(1, NowMs, ("host", "b"))), NowMs);

        var batch = Batch(
            Sample(1, NowMs, ("host", "a")),
            Sample(1, NowMs, ("host", "c")),
            Sample(1, NowMs, ("host", "c")),
            Sample(1, NowMs, ("host", "d")),
            Sample(1, NowMs, ("host", "e")));
        var error = Assert.Throws<SeriesLimitExceededException>(() => metric.Apply(batch, NowMs));

        Assert.Equal("cpu.load", error.Metric);
        Assert.Equal(3, error.Limit);
        Assert.Equal(5, error.SeriesCount);
        Assert.Equal(3, error.ItemIndex);
        Assert.Equal(
            "Metric 'cpu.load' would have 5 series (distinct tag sets), over the limit of 3 (MetricGrainOptions.MaxSeriesPerMetric); " +
            "item 3 is the first sample over it. Drop tags with unbounded values (ids, timestamps) or raise MetricGrainOptions.MaxSeriesPerMetric.",
            error.Message);
        Assert.Equal(2, metric.SeriesCount);
        Assert.Equal(1, metric.Snapshot(NowMs).Series[0].Count);
    }

    [Fact]
    public void Apply_AtTheSeriesLimitWithKnownTagSets_Accepted()
    {
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions { MaxSeriesPerMetric = 2 });
        metric.Apply(Batch(Sample(1, NowMs, ("host", "a")), Sample(1, NowMs, ("host", "b"))), NowMs);

        Assert.Equal(2, metric.Apply(Batch(Sample(2, NowMs, ("host", "b")), Sample(2, NowMs, ("host", "a"))), NowMs).Accepted);
    }

    [Fact]
    public void Apply_RepeatedBatchId_ReportedAsDuplicateAndAppliedOnce()
    {
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions());

        var first = metric.Apply(Batch("retry-1", Sample(1), Sample(2)), NowMs);
        var second = metric.Apply(Batch("retry-1", Sample(1), Sample(2)), NowMs + 1000);

        Assert.Equal(new RecordResult(2, Duplicate: false), first);
        Assert.Equal(new RecordResult(0, Duplicate: true), second);
        Assert.Equal(2, metric.Snapshot(NowMs + 1000).Series.Single().Count);
    }

    [Fact]
    public void Apply_BatchIdOlderThanRetention_AppliedAgain()
    {
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions { BatchIdRetention = TimeSpan.FromMinutes(10) });
        metric.Apply(Batch("retry-1", Sample(1)), NowMs);

        var later = NowMs + 600_000;
        var result = metric.Apply(Batch("retry-1", Sample(1, later)), later);

        Assert.False(result.Duplicate);
        Assert.Equal(2, metric.Snapshot(later).Series.Single().Count);
    }

    [Fact]
    public void Apply_InvalidBatchId_RejectedWithoutItemIndex()
    {
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions());

        var error = Assert.Throws<InvalidGrainInputException>(() => metric.Apply(Batch("has space", Sample(1)), NowMs));

        Assert.Null(error.ItemIndex);
        Assert.Contains("batchId", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_SameTagsInAnotherOrder_SameSeries()
    {
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions());

        metric.Apply(Batch(Sample(1, NowMs, ("host", "a"), ("zone", "z1")), Sample(2, NowMs, ("zone", "z1"), ("host", "a"))), NowMs);

        var series = metric.Snapshot(NowMs).Series.Single();
        Assert.Equal(2, series.Count);
        Assert.Equal(["host", "zone"], series.Tags.Keys);
    }

    [Fact]
    public void Apply_ValueThatSpellsAnotherTagSet_KeptApart()
    {
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions());

        metric.Apply(Batch(Sample(1, NowMs, ("a", "1,b=2")), Sample(2, NowMs, ("a", "1"), ("b", "2"))), NowMs);

        Assert.Equal(2, metric.SeriesCount);
    }

    [Fact]
    public void Snapshot_SeriesAddedInAnyOrder_OrderedByCanonicalTagSet()
    {
        var forward = new MetricAggregator("m", new MetricGrainOptions());
        var backward = new MetricAggregator("m", new MetricGrainOptions());
        MetricSample[] samples = [Sample(1, NowMs, ("host", "b")), Sample(2), Sample(3, NowMs, ("host", "a")), Sample(4, NowMs, ("dc", "x"))];

        forward.Apply(Batch(samples), NowMs);
        backward.Apply(Batch([.. samples.Reverse()]), NowMs);

        Assert.Equal(Json(forward.Snapshot(NowMs)), Json(backward.Snapshot(NowMs)));
        Assert.Equal(["", "dc=x", "host=a", "host=b"], forward.Snapshot(NowMs).Series.Select(series => string.Join(",", series.Tags.Select(tag => tag.Key + "=" + tag.Value))));
    }

    [Fact]
    public void Snapshot_AfterANewSeriesJoins_IncludesItInOrder()
    {
        var metric = new MetricAggregator("m", new MetricGrainOptions());
        metric.Apply(Batch(Sample(1, NowMs, ("host", "b"))), NowMs);
        metric.Snapshot(NowMs);

        metric.Apply(Batch(Sample(2, NowMs, ("host", "a"))), NowMs);

        Assert.Equal(["a", "b"], metric.Snapshot(NowMs).Series.Select(series => series.Tags["host"]));
    }

    [Fact]
    public void Validate_ValidBatch_AppliesNothing()
    {
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions());

        metric.Validate(Batch("b-1", Sample(1)), NowMs);

        Assert.Equal(0, metric.SeriesCount);
        Assert.False(metric.IsDuplicate("b-1", NowMs));
    }

    [Fact]
    public void FromState_StoredWithAnotherQuantileAccuracy_DropsSketchesKeepsTotalsAndPoints()
    {
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions { QuantileRelativeAccuracy = 0.02 });
        metric.Apply(Batch(Sample(5), Sample(7)), NowMs);

        var restored = MetricAggregator.FromState("cpu.load", new MetricGrainOptions(), metric.ToState());

        var series = restored.Snapshot(NowMs).Series.Single();
        Assert.Null(series.P50);
        Assert.Equal(2, series.Count);
        Assert.Equal([new SeriesPoint(NowSecond, 6)], series.Points);
    }

    [Fact]
    public void FromState_NewState_EmptyMetric()
    {
        var metric = MetricAggregator.FromState("cpu.load", new MetricGrainOptions(), new MetricGrainState());

        Assert.Empty(metric.Snapshot(NowMs).Series);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => new MetricAggregator("cpu.load", new MetricGrainOptions { MaxSeriesPerMetric = 0 }));

        Assert.Contains("MetricGrainOptions.MaxSeriesPerMetric is 0", error.Message, StringComparison.Ordinal);
    }

    private static string Json(MetricSnapshot snapshot) => JsonSerializer.Serialize(snapshot, GrainsJsonContext.Default.MetricSnapshot);
}
