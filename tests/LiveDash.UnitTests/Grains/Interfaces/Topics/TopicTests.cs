using System.Text.Json;
using LiveDash.Grains;
using Xunit;

namespace LiveDash.UnitTests.Grains.Interfaces.Topics;

public sealed class TopicTests
{
    [Theory]
    [InlineData("metric:cpu.load", TopicKind.Metric, "cpu.load")]
    [InlineData("board:match-1", TopicKind.Board, "match-1")]
    public void TryParse_ValidTopic_KindNameAndStringFormRoundTrip(string text, TopicKind kind, string name)
    {
        Assert.True(Topic.TryParse(text, out var topic));

        Assert.Equal(kind, topic.Kind);
        Assert.Equal(name, topic.Name);
        Assert.Equal(text, topic.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("metric:")]
    [InlineData("Metric:cpu")]
    [InlineData("gauge:cpu")]
    [InlineData("metric:cpu load")]
    [InlineData("board:a:b")]
    public void TryParse_InvalidTopic_False(string? text)
    {
        Assert.False(Topic.TryParse(text, out var topic));
        Assert.Equal(default, topic);
    }

    [Fact]
    public void Parse_InvalidTopic_ThrowsFormatExceptionSayingTheExpectedForm()
    {
        var error = Assert.Throws<FormatException>(() => Topic.Parse("cpu.load"));

        Assert.Contains("'metric:<name>'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidName_Throws()
    {
        Assert.Throws<ArgumentException>(() => Topic.Metric("no spaces"));
    }

    [Fact]
    public void Json_Topic_IsItsStringFormAndKindIsLowerCase()
    {
        var json = JsonSerializer.Serialize(Topic.Board("match-1"), GrainsJsonContext.Default.Topic);

        Assert.Equal("\"board:match-1\"", json);
        Assert.Equal(Topic.Board("match-1"), JsonSerializer.Deserialize(json, GrainsJsonContext.Default.Topic));
        Assert.Equal("\"metric\"", JsonSerializer.Serialize(TopicKind.Metric, GrainsJsonContext.Default.TopicKind));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("\"nope\"", GrainsJsonContext.Default.Topic));
    }
}
