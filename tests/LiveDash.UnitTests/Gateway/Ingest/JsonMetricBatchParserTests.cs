using System.Text;
using LiveDash.Gateway.Ingest;
using Xunit;
using static LiveDash.UnitTests.Gateway.Ingest.IngestTestData;

namespace LiveDash.UnitTests.Gateway.Ingest;

public sealed class JsonMetricBatchParserTests
{
    [Fact]
    public void ContractExample_ParsesEveryMember()
    {
        var batch = Accepted(Json("""{"batchId":"b-1","points":[{"metric":"cpu.load","value":0.42,"ts":1764000000000,"tags":{"host":"a"}}]}"""));

        Assert.Equal("b-1", batch.BatchId);
        var point = Assert.Single(batch.Points);
        Assert.Equal(("cpu.load", 0.42, NowMs, "a"), (point.Metric, point.Sample.Value, point.Sample.TimestampMs, point.Sample.Tags["host"]));
    }

    [Fact]
    public void OptionalMembers_MayBeAbsentOrNull()
    {
        var points = Accepted(Json("""{"batchId":null,"points":[{"value":1,"metric":"a"},{"metric":"b","value":2,"ts":null,"tags":null},{"metric":"c","value":3,"tags":{}}]}""")).Points;

        Assert.All(points, p => Assert.Equal(NowMs, p.Sample.TimestampMs));
        Assert.All(points, p => Assert.Empty(p.Sample.Tags));
    }

    [Fact]
    public void TimestampInExponentForm_IsAnInteger()
        => Assert.Equal(NowMs, Assert.Single(Accepted(Json("""{"points":[{"metric":"a","value":1,"ts":1.764e12}]}""")).Points).Sample.TimestampMs);

    [Fact]
    public void EscapedStrings_AreUnescaped()
    {
        var point = Assert.Single(Accepted(Json("""{"points":[{"metric":"cpu\u002eload","value":1,"tags":{"h\u006fst":"caf\u00e9 \"x\""}}]}""")).Points);

        Assert.Equal("cpu.load", point.Metric);
        Assert.Equal("café \"x\"", point.Sample.Tags["host"]);
    }

    [Fact]
    public void IdenticalTagObjects_ShareOneDictionary()
    {
        var points = Accepted(Json("""{"points":[{"metric":"a","value":1,"tags":{"h":"x"}},{"metric":"b","value":2,"tags":{"h":"x"}},{"metric":"c","value":3,"tags":{"h":"y"}}]}""")).Points;

        Assert.Same(points[0].Sample.Tags, points[1].Sample.Tags);
        Assert.NotSame(points[0].Sample.Tags, points[2].Sample.Tags);
    }

    [Fact]
    public void EmptyPoints_IsAnEmptyBatch()
        => Assert.Empty(Accepted(Json("""{"points":[]}""")).Points);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{", "line 1, byte 2")]
    [InlineData("{\"points\":[{\"metric\":\"a\",\"value\":1,}]}", "trailing comma")]
    [InlineData("{\"points\":[{\"metric\":\"a\",\"value\":NaN}]}", "line 1")]
    [InlineData("{\"points\":[]} x", "after a single JSON value")]
    [InlineData("{\"points\":[]}\n{}", "line 2, byte 1")]
    [InlineData("{\"points\":[{\"metric\":\"a\"\n,\"value\":1 // comment\n}]}", "line 2")]
    public void MalformedJson_Is400_WithPosition(string body, string expected)
        => Assert.Contains(expected, Rejected(Json(body), 400).Detail, StringComparison.Ordinal);

    [Fact]
    public void MalformedJsonInsideAPoint_NamesThePoint()
    {
        var rejection = Rejected(Json("""{"points":[{"metric":"a","value":1},{"metric":"b","value":}]}"""), 400);

        Assert.Equal(1, Assert.Single(rejection.Errors).Index);
    }

    [Fact]
    public void InvalidUtf8InAString_Is400()
    {
        var body = Encoding.UTF8.GetBytes("""{"points":[{"metric":"a","value":1,"tags":{"h":"XX"}}]}""");
        var at = Array.IndexOf(body, (byte)'X');
        body[at] = 0xC3;
        body[at + 1] = 0x28;

        Rejected(JsonMetricBatchParser.Parse(body, Settings()), 400);
    }

    [Theory]
    [InlineData("""{"metric":"a","value":1e400}""", "value", "not a finite number")]
    [InlineData("""{"metric":"a","value":"1"}""", "value", "must be a number, not a string")]
    [InlineData("""{"metric":"a","value":null}""", "value", "must be a number, not null")]
    [InlineData("""{"metric":"a"}""", "value", "missing")]
    [InlineData("""{"value":1}""", "metric", "missing")]
    [InlineData("""{"metric":"a b","value":1}""", "metric", "metric name")]
    [InlineData("""{"metric":"","value":1}""", "metric", "metric name")]
    [InlineData("""{"metric":7,"value":1}""", "metric", "must be a string")]
    [InlineData("""{"metric":"a","value":1,"ts":1.5}""", "ts", "not an integer")]
    [InlineData("""{"metric":"a","value":1,"ts":"now"}""", "ts", "must be an integer")]
    [InlineData("""{"metric":"a","value":1,"ts":1}""", "ts", "before the receiver's clock")]
    [InlineData("""{"metric":"a","value":1,"ts":99999999999999999999}""", "ts", "not an integer")]
    [InlineData("""{"metric":"a","value":1,"tags":{"h":1}}""", "tags", "must be a string")]
    [InlineData("""{"metric":"a","value":1,"tags":{"h":"x","h":"y"}}""", "tags", "appears twice")]
    [InlineData("""{"metric":"a","value":1,"tags":{"bad key":"x"}}""", "tags", "tag key")]
    [InlineData("""{"metric":"a","value":1,"tags":{"h":"\u0001"}}""", "tags", "control character")]
    [InlineData("""{"metric":"a","value":1,"tags":{"h":"\ud800"}}""", "tags", "unpaired surrogate")]
    [InlineData("""{"metric":"a","value":1,"tags":[]}""", "tags", "must be an object")]
    [InlineData("""{"metric":"a","value":1,"timestamp":1}""", "timestamp", "not a member")]
    [InlineData("""{"metric":"a","value":1,"value":2}""", "value", "appears twice")]
    [InlineData("""[1]""", null, "must be an object")]
    public void InvalidPoints_Are422_NamingIndexAndField(string point, string? field, string reason)
    {
        var rejection = Rejected(Json("""{"points":[{"metric":"ok","value":1},""" + point + "]}"), 422);

        var error = Assert.Single(rejection.Errors);
        Assert.Equal(1, error.Index);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[]""", "The body is an array")]
    [InlineData("""{}""", "points is missing")]
    [InlineData("""{"points":{}}""", "points must be an array")]
    [InlineData("""{"points":[],"extra":1}""", "'extra' is not a member")]
    [InlineData("""{"points":[],"points":[]}""", "appears twice")]
    [InlineData("""{"points":[],"batchId":7}""", "batchId must be a string")]
    [InlineData("""{"points":[],"batchId":"has space"}""", "batchId of 9 characters is invalid")]
    [InlineData("""{"points":[],"batchId":""}""", "batchId of 0 characters is invalid")]
    public void InvalidBatches_Are422_WithTheProblemInTheDetail(string body, string expected)
        => Assert.Contains(expected, Rejected(Json(body), 422).Detail, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void EveryBadPoint_IsNamed_AndTheListIsCapped()
    {
        var body = "{\"points\":[" + string.Join(',', Enumerable.Range(0, 300).Select(i => i % 3 == 0 ? "{\"metric\":\"a\",\"value\":1}" : "{\"metric\":\"a\"}")) + "]}";

        var rejection = Rejected(Json(body), 422);

        Assert.Equal(ItemErrorCollector.MaxListed, rejection.Errors.Count);
        Assert.Equal([1, 2, 4, 5], rejection.Errors.Take(4).Select(e => e.Index));
        Assert.Contains("More than 100 points", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyPoints_Is422_NamingTheOption()
        => Assert.Contains("MaxPointsPerBatch", Rejected(Json("""{"points":[{"metric":"a","value":1},{"metric":"a","value":1},{"metric":"a","value":1}]}""", maxPoints: 2), 422).Detail, StringComparison.Ordinal);

    [Fact]
    public void QueryBatchId_IsUsed_AndMustMatchTheBody()
    {
        Assert.Equal("q", Accepted(Json("""{"points":[]}""", queryBatchId: "q")).BatchId);
        Assert.Equal("q", Accepted(Json("""{"batchId":"q","points":[]}""", queryBatchId: "q")).BatchId);
        Assert.Contains("differs", Rejected(Json("""{"batchId":"b","points":[]}""", queryBatchId: "q"), 422).Detail, StringComparison.Ordinal);
    }
}
