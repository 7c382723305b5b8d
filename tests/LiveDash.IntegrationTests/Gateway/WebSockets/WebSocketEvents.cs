using System.Text.Json;
using LiveDash.Gateway.Push;
using LiveDash.Grains;
using LiveDash.Runtime.Streaming;

namespace LiveDash.IntegrationTests.Gateway.WebSockets;

/// <summary>Reading the gateway's WebSocket messages in tests.</summary>
internal static class WebSocketEvents
{
    public static string Op(this JsonElement message) => message.GetProperty("op").GetString()!;

    public static bool IsEvent(this JsonElement message, string type, Topic topic)
        => message.Op() == "event" && message.GetProperty("type").GetString() == type && message.GetProperty("topic").GetString() == topic.ToString();

    public static bool IsEventOf(this JsonElement message, Topic topic)
        => message.Op() == "event" && message.GetProperty("topic").GetString() == topic.ToString();

    public static bool IsReply(this JsonElement message, string op, string id)
        => message.Op() == op && message.TryGetProperty("id", out var value) && value.GetString() == id;

    public static long Seq(this JsonElement message) => message.GetProperty("seq").GetInt64();

    public static string Cursor(this JsonElement message) => message.GetProperty("cursor").GetString()!;

    /// <summary>Whether the event is the one at <paramref name="position"/> of its topic.</summary>
    public static bool IsAt(this JsonElement message, StreamSequenceToken position)
        => message.Seq() == position.Sequence && message.GetProperty("epoch").GetString() == PushCursor.FormatEpoch(position.Epoch);

    public static BoardSnapshot BoardData(this JsonElement snapshotEvent)
        => JsonSerializer.Deserialize(snapshotEvent.GetProperty("data").GetRawText(), GrainsJsonContext.Default.BoardSnapshot)!;

    public static BoardDelta BoardDelta(this JsonElement updateEvent)
        => JsonSerializer.Deserialize(updateEvent.GetProperty("data").GetRawText(), GrainsJsonContext.Default.BoardDelta)!;

    public static string Json(BoardSnapshot board) => JsonSerializer.Serialize(board, GrainsJsonContext.Default.BoardSnapshot);
}
