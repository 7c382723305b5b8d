using LiveDash.Gateway.Push;
using LiveDash.Grains;
using LiveDash.Runtime.Streaming;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Push;

public sealed class PushCursorTests
{
    private static readonly Topic s_cpu = Topic.Metric("cpu.load");
    private static readonly Topic s_board = Topic.Board("match-1");

    [Fact]
    public void Format_TwoTopics_ParsesBackToEachPosition()
    {
        var cpu = new StreamSequenceToken(1_764_000_000_000L << 10, 1042);
        var board = new StreamSequenceToken(5, 0);

        var text = PushCursor.Format([new(s_cpu, cpu), new(s_board, board)]);

        Assert.True(PushCursor.TryParse(text, out var cursor));
        Assert.Equal(2, cursor.Count);
        Assert.Equal(cpu, cursor.PositionOf(s_cpu));
        Assert.Equal(board, cursor.PositionOf(s_board));
        Assert.Null(cursor.PositionOf(Topic.Metric("other")));
    }

    [Fact]
    public void Segment_OneTopic_IsTheWholeCursorAndHasNoSeparator()
    {
        var position = new StreamSequenceToken(36, 35);

        var segment = PushCursor.Segment(s_cpu, position);

        Assert.Equal(PushCursor.Format([new(s_cpu, position)]), segment);
        Assert.EndsWith(":10:z", segment, StringComparison.Ordinal);
        Assert.DoesNotContain(',', segment);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("12345678:1")]
    [InlineData("1234567:1:1")]
    [InlineData("zzzzzzzz:1:1")]
    [InlineData("12345678:1:1,")]
    [InlineData("12345678:A:1")]
    [InlineData("12345678:1:-1")]
    [InlineData("12345678:1:zzzzzzzzzzzzzz")]
    public void TryParse_Malformed_IsRefused(string? text)
        => Assert.False(PushCursor.TryParse(text, out _));

    [Fact]
    public void TryParse_OverTheLengthLimit_IsRefused()
        => Assert.False(PushCursor.TryParse(new string('a', PushCursor.MaxLength + 1), out _));

    [Fact]
    public void TryParse_SameTopicTwice_LeavesItsPositionUnknown()
    {
        var text = PushCursor.Segment(s_cpu, new StreamSequenceToken(1, 1)) + "," + PushCursor.Segment(s_cpu, new StreamSequenceToken(1, 2));

        Assert.True(PushCursor.TryParse(text, out var cursor));
        Assert.Null(cursor.PositionOf(s_cpu));
    }
}
