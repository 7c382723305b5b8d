using LiveDash.Gateway.Ingest;
using LiveDash.Grains;
using Xunit;
using static LiveDash.UnitTests.Gateway.Ingest.IngestTestData;

namespace LiveDash.UnitTests.Gateway.Ingest;

/// <summary>The gateway names the field of a grain validator's reason by the reason's wording: pinned here, so a rewording shows.</summary>
public sealed class MetricBatchBuilderTests
{
    public static TheoryData<double, long, Dictionary<string, string>, string> InvalidSamples => new()
    {
        { double.NaN, NowMs, [], "value" },
        { double.PositiveInfinity, NowMs, [], "value" },
        { 1e281, NowMs, [], "value" },
        { 1, 0, [], "ts" },
        { 1, NowMs + 3_600_000, [], "ts" },
        { 1, NowMs, new() { [""] = "x" }, "tags" },
        { 1, NowMs, new() { ["bad key"] = "x" }, "tags" },
        { 1, NowMs, new() { [new string('k', 129)] = "x" }, "tags" },
        { 1, NowMs, new() { ["k"] = "" }, "tags" },
        { 1, NowMs, new() { ["k"] = new string('v', 129) }, "tags" },
        { 1, NowMs, new() { ["k"] = "a\nb" }, "tags" },
        { 1, NowMs, Enumerable.Range(0, 17).ToDictionary(i => "k" + i, i => "v"), "tags" },
    };

    [Theory]
    [MemberData(nameof(InvalidSamples))]
    public void ValidatorReasons_MapToTheirField(double value, long timestampMs, Dictionary<string, string> tags, string field)
    {
        var builder = new MetricBatchBuilder(Settings(), MetricBatchBuilder.FieldNames.Json);

        builder.AddPoint(0, "m", value, timestampMs, tags);

        Assert.Equal(field, Assert.Single(builder.Errors.Items).Field);
        Assert.NotNull(builder.Finish(null, "point").Rejection);
    }

    [Fact]
    public void ValidPointsAfterABadOne_AreNotKept()
    {
        var builder = new MetricBatchBuilder(Settings(), MetricBatchBuilder.FieldNames.Json);
        builder.AddPoint(0, "m", 1, NowMs, CanonicalTags.Empty);
        builder.AddPoint(1, "bad name", 1, NowMs, CanonicalTags.Empty);
        builder.AddPoint(2, "m", 1, NowMs, CanonicalTags.Empty);

        var result = builder.Finish(null, "point");

        Assert.Null(result.Batch);
        Assert.Equal(1, Assert.Single(result.Rejection!.Errors).Index);
    }
}
