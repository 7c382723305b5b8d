using System.Text.Json;
using LiveDash.Gateway.Push;
using LiveDash.Gateway.Topics;
using LiveDash.Grains;
using LiveDash.Runtime.Streaming;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Topics;

public sealed class TopicDataTests
{
    [Fact]
    public void IsEmpty_MeansNoSeries_OrNoEntriesAndNoTitle()
    {
        Assert.True(TopicData.IsEmpty(new MetricSnapshot("m", [])));
        Assert.True(TopicData.IsEmpty(new BoardSnapshot("b", string.Empty, [])));
        Assert.False(TopicData.IsEmpty(new BoardSnapshot("b", "Final", [])));
        Assert.False(TopicData.IsEmpty(new BoardSnapshot("b", string.Empty, [new BoardEntry("a", 1, 1)])));
    }

    [Fact]
    public void SnapshotEvent_IsThePushSnapshotObject_WithTheGrainDataAsData()
    {
        var board = new BoardSnapshot("match-1", "Final", [new BoardEntry("team-a", 3, 1)]);
        var snapshot = new TopicSnapshot<BoardSnapshot>(Topic.Board("match-1"), new StreamSequenceToken(7, 42), board);

        var json = TopicData.ToSnapshotEvent(snapshot).Json;

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("snapshot", root.GetProperty("type").GetString());
        Assert.Equal("board:match-1", root.GetProperty("topic").GetString());
        Assert.Equal(42, root.GetProperty("seq").GetInt64());
        Assert.Equal(JsonSerializer.Serialize(board, GrainsJsonContext.Default.BoardSnapshot), root.GetProperty("data").GetRawText());
        Assert.Equal(PushEvent.Create(snapshot.Topic, PushEventType.Snapshot, snapshot.Position, JsonSerializer.SerializeToUtf8Bytes(board, GrainsJsonContext.Default.BoardSnapshot)).Json.ToArray(), json.ToArray());
    }
}
