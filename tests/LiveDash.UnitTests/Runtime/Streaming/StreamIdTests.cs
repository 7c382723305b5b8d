using LiveDash.Runtime.Streaming;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Streaming;

public sealed class StreamIdTests
{
    [Theory]
    [InlineData("metric", "cpu.load", "metric/cpu.load")]
    [InlineData("scoreboard", "a/b/c", "scoreboard/a/b/c")]
    [InlineData("n", "k", "n/k")]
    public void ToStringThenParse_RoundTrips(string streamNamespace, string key, string text)
    {
        var id = new StreamId(streamNamespace, key);

        Assert.Equal(text, id.ToString());
        var parsed = StreamId.Parse(text);
        Assert.Equal(id, parsed);
        Assert.Equal(streamNamespace, parsed.Namespace);
        Assert.Equal(key, parsed.Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("metric")]
    [InlineData("/cpu")]
    [InlineData("metric/")]
    [InlineData("/")]
    public void Parse_NotNamespaceSlashKey_ThrowsFormatExceptionQuotingTheValue(string text)
    {
        var error = Assert.Throws<FormatException>(() => StreamId.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("namespace/key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
        => Assert.Throws<ArgumentNullException>(() => StreamId.Parse(null!));

    [Theory]
    [InlineData("", "k")]
    [InlineData("n", "")]
    public void Constructor_EmptyPart_Throws(string streamNamespace, string key)
        => Assert.Throws<ArgumentException>(() => new StreamId(streamNamespace, key));

    [Fact]
    public void Constructor_NullPart_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new StreamId(null!, "k"));
        Assert.Throws<ArgumentNullException>(() => new StreamId("n", null!));
    }

    [Fact]
    public void Constructor_NamespaceWithSlash_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new StreamId("metric/cpu", "load"));

        Assert.Equal("streamNamespace", error.ParamName);
        Assert.Contains("'metric/cpu'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_IsByNamespaceAndKey()
    {
        Assert.Equal(new StreamId("metric", "x"), new StreamId("metric", "x"));
        Assert.NotEqual(new StreamId("metric", "x"), new StreamId("metric", "y"));
        Assert.NotEqual(new StreamId("metric", "x"), new StreamId("series", "x"));
    }
}
