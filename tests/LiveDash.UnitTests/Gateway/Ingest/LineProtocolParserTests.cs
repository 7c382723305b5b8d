using LiveDash.Gateway.Ingest;
using Xunit;
using static LiveDash.UnitTests.Gateway.Ingest.IngestTestData;

namespace LiveDash.UnitTests.Gateway.Ingest;

public sealed class LineProtocolParserTests
{
    private const string NowNs = "1764000000000000000";

    [Fact]
    public void ContractExample_ParsesMetricTagsValueAndNanosecondTimestamp()
    {
        var point = Assert.Single(Accepted(Lines("cpu.load,host=a value=0.42 " + NowNs)).Points);

        Assert.Equal("cpu.load", point.Metric);
        Assert.Equal(0.42, point.Sample.Value);
        Assert.Equal(NowMs, point.Sample.TimestampMs);
        Assert.Equal("a", Assert.Single(point.Sample.Tags).Value);
        Assert.Equal(0, point.SourceIndex);
    }

    [Fact]
    public void MissingTimestamp_IsStampedWithTheGatewayClock()
    {
        var point = Assert.Single(Accepted(Lines("cpu value=1")).Points);

        Assert.Equal(NowMs, point.Sample.TimestampMs);
        Assert.Empty(point.Sample.Tags);
    }

    [Theory]
    [InlineData("value=1.5", 1.5)]
    [InlineData("value=-2", -2)]
    [InlineData("value=3i", 3)]
    [InlineData("value=-3i", -3)]
    [InlineData("value=4u", 4)]
    [InlineData("value=1e3", 1000)]
    [InlineData("value=.5", 0.5)]
    [InlineData("value=-1.5E-2", -0.015)]
    public void NumericFieldForms_AreAccepted(string field, double expected)
        => Assert.Equal(expected, Assert.Single(Accepted(Lines("m " + field)).Points).Sample.Value);

    [Theory]
    [InlineData("ns", "1764000000123456789", NowMs + 123)]
    [InlineData("us", "1764000000123456", NowMs + 123)]
    [InlineData("ms", "1764000000123", NowMs + 123)]
    [InlineData("s", "1764000000", NowMs)]
    public void Precision_ConvertsTimestampsToMilliseconds(string unit, string timestamp, long expectedMs)
    {
        Assert.True(LineProtocolParser.TryParsePrecision(unit, out var precision));
        Assert.Equal(expectedMs, Assert.Single(Accepted(Lines("m value=1 " + timestamp, precision: precision)).Points).Sample.TimestampMs);
    }

    [Fact]
    public void Escapes_InTagKeysValuesAndMeasurement_AreResolved()
    {
        var points = Accepted(Lines("m,host=a\\ b\\,c\\=d,path=x\\\\y value=1")).Points;

        Assert.Equal("a b,c=d", points[0].Sample.Tags["host"]);
        Assert.Equal("x\\y", points[0].Sample.Tags["path"]);

        // An escaped comma in a measurement is part of the name, which the name rule then rejects.
        Assert.Equal("m", points[0].Metric);
        var rejection = Rejected(Lines("m\\,x value=2"), 422);
        Assert.Equal("measurement", Assert.Single(rejection.Errors).Field);
    }

    [Fact]
    public void EscapedSpaceInATagValue_DoesNotEndTheSeriesKey()
    {
        var point = Assert.Single(Accepted(Lines("m,room=living\\ room value=21.5 " + NowNs)).Points);

        Assert.Equal("living room", point.Sample.Tags["room"]);
    }

    [Fact]
    public void BlankLinesCommentsCrLfAndExtraSpaces_AreTolerated_AndIndexesCountPhysicalLines()
    {
        var points = Accepted(Lines("# header\r\n\r\n  a value=1\r\nb,t=x   value=2   " + NowNs + "  \r\n\n")).Points;

        Assert.Equal(["a", "b"], points.Select(p => p.Metric));
        Assert.Equal([2, 3], points.Select(p => p.SourceIndex));
    }

    [Fact]
    public void RepeatedSeriesKeys_ShareOneTagDictionary()
    {
        var points = Accepted(Lines("m,host=a value=1\nm,host=a value=2\nm,host=b value=3")).Points;

        Assert.Same(points[0].Sample.Tags, points[1].Sample.Tags);
        Assert.NotSame(points[0].Sample.Tags, points[2].Sample.Tags);
    }

    [Fact]
    public void EmptyBody_IsAnEmptyBatch()
        => Assert.Empty(Accepted(Lines(string.Empty)).Points);

    [Theory]
    [InlineData("cpu", 1, 4, "field set")]
    [InlineData("cpu ", 1, 5, "expected a field")]
    [InlineData("cpu,host value=1", 1, 5, "no '='")]
    [InlineData("cpu,host=a, value=1", 1, 12, "no '='")]
    [InlineData(",host=a value=1", 1, 1, "measurement")]
    [InlineData("cpu value", 1, 5, "expected a field")]
    [InlineData("cpu value=", 1, 11, "not a number")]
    [InlineData("cpu value=abc", 1, 11, "not a number")]
    [InlineData("cpu value=NaN", 1, 11, "not a number")]
    [InlineData("cpu value=1x", 1, 11, "not a number")]
    [InlineData("cpu value=\"open", 1, 11, "closing")]
    [InlineData("cpu value=1 12ab", 1, 13, "not an integer")]
    [InlineData("cpu value=1 123 extra", 1, 17, "after the timestamp")]
    [InlineData("ok value=1\ncpu value=1,", 2, 13, "expected a field")]
    [InlineData("cpu value=\"a\"x", 1, 14, "after a field value")]
    public void SyntaxErrors_Are400_NamingLineAndByte(string body, int line, int column, string reason)
    {
        var rejection = Rejected(Lines(body), 400);

        Assert.Contains($"Line {line}, byte {column}", rejection.Detail, StringComparison.Ordinal);
        var error = Assert.Single(rejection.Errors);
        Assert.Equal(line - 1, error.Index);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cpu value=1,idle=2", "fields", "not supported")]
    [InlineData("cpu usage=1", "fields", "not supported")]
    [InlineData("cpu value=\"x\"", "value", "string")]
    [InlineData("cpu value=true", "value", "boolean")]
    [InlineData("cpu value=1,value=2", "value", "twice")]
    [InlineData("cpu value=1e400", "value", "not a finite number")]
    [InlineData("cpu value=-1e300", "value", "magnitude")]
    [InlineData("cpu value=99999999999999999999i", "value", "64-bit")]
    [InlineData("bad/name value=1", "measurement", "metric name")]
    [InlineData("cpu,host=a,host=b value=1", "tags", "twice")]
    [InlineData("cpu,host= value=1", "tags", "empty value")]
    [InlineData("cpu,h\\ st=a value=1", "tags", "tag key")]
    [InlineData("cpu value=1 99999999999999999999", "timestamp", "64-bit")]
    [InlineData("cpu value=1 1", "timestamp", "before the receiver's clock")]
    [InlineData("cpu value=1 1864000000000000000", "timestamp", "after the receiver's clock")]
    public void InvalidValues_Are422_NamingTheLineAndField(string line, string field, string reason)
    {
        var rejection = Rejected(Lines("ok value=1\n" + line), 422);

        var error = Assert.Single(rejection.Errors);
        Assert.Equal(1, error.Index);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryBadLine_IsNamed_AndTheListIsCapped()
    {
        var body = string.Join('\n', Enumerable.Range(0, 250).Select(i => i % 2 == 0 ? "ok value=1" : "bad value=\"s\""));

        var rejection = Rejected(Lines(body), 422);

        Assert.Equal(ItemErrorCollector.MaxListed, rejection.Errors.Count);
        Assert.Equal(Enumerable.Range(0, ItemErrorCollector.MaxListed).Select(i => (2 * i) + 1), rejection.Errors.Select(e => e.Index));
        Assert.Contains("More than 100 lines", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SyntaxErrorAfterInvalidValues_Is400()
        => Rejected(Lines("cpu value=\"s\"\ncpu value"), 400);

    [Fact]
    public void TooManyPoints_Is422_NamingTheOption()
    {
        var rejection = Rejected(Lines("a value=1\nb value=2\nc value=3", maxPoints: 2), 422);

        Assert.Contains("MaxPointsPerBatch", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8_Is400()
        => Rejected(LineProtocolParser.Parse([(byte)'m', (byte)',', (byte)'t', (byte)'=', 0xFF, (byte)' ', (byte)'v', (byte)'a', (byte)'l', (byte)'u', (byte)'e', (byte)'=', (byte)'1'], Settings(), null), 400);

    [Fact]
    public void BatchId_IsCheckedWithTheGrainRule()
    {
        Assert.Equal("b-1", Accepted(Lines("m value=1", batchId: "b-1")).BatchId);
        Assert.Contains("batchId", Rejected(Lines("m value=1", batchId: "has space"), 422).Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(null, "Nanoseconds")]
    [InlineData("ns", "Nanoseconds")]
    [InlineData("us", "Microseconds")]
    [InlineData("ms", "Milliseconds")]
    [InlineData("s", "Seconds")]
    public void Precision_NamesAreParsed(string? name, string expected)
    {
        Assert.True(LineProtocolParser.TryParsePrecision(name, out var precision));
        Assert.Equal(expected, precision.ToString());
    }

    [Fact]
    public void Precision_UnknownName_IsRefused()
        => Assert.False(LineProtocolParser.TryParsePrecision("h", out _));
}
