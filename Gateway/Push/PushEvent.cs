using System.Buffers;
using System.Text;
using System.Text.Json;
using LiveDash.Grains;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Gateway.Push;

/// <summary>
/// One topic event, serialised once: the gateway writes the same bytes to every connection that
/// receives it (DESIGN.md, "Serialise once"). Immutable.
/// </summary>
/// <remarks>
/// Three encodings, all built when the event is created:
/// <list type="bullet">
/// <item><see cref="Json"/> — the event object, SSE <c>data</c> and long-poll array element:
/// <c>{"type":"update","topic":"metric:cpu.load","seq":1042,"epoch":"kx8f3a9z4","data":{..}}</c>,
/// plus <c>"recovered":false</c> on a snapshot that replaces events the client could not be sent.</item>
/// <item><see cref="SseFields"/> — <c>event: update\ndata: {json}\n</c>; the connection appends
/// <c>id: &lt;cursor&gt;\n\n</c>, the only per-connection part.</item>
/// <item><see cref="WebSocketMessage"/> — <c>{"op":"event",..,"cursor":"&lt;segment&gt;","data":{..}}</c>
/// with this topic's cursor segment, the same for every connection.</item>
/// </list>
/// </remarks>
public sealed class PushEvent
{
    private static readonly JsonWriterOptions s_writerOptions = new() { SkipValidation = true };

    private PushEvent(Topic topic, PushEventType type, StreamSequenceToken position, bool recovered, string topicCursor, byte[] json, byte[] sseFields, byte[] webSocketMessage)
    {
        Topic = topic;
        Type = type;
        Position = position;
        Recovered = recovered;
        TopicCursor = topicCursor;
        Json = json;
        SseFields = sseFields;
        WebSocketMessage = webSocketMessage;
    }

    /// <summary>The topic.</summary>
    public Topic Topic { get; }

    /// <summary>Snapshot, update or reset.</summary>
    public PushEventType Type { get; }

    /// <summary>The topic position the client holds once it applied this event.</summary>
    public StreamSequenceToken Position { get; }

    /// <summary>False on a snapshot sent because events the client asked for could not be replayed.</summary>
    public bool Recovered { get; }

    /// <summary>This topic's cursor segment at <see cref="Position"/> (<see cref="PushCursor.Segment"/>).</summary>
    public string TopicCursor { get; }

    /// <summary>The event object (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>The SSE <c>event:</c> and <c>data:</c> lines (UTF-8), without <c>id:</c> and the closing blank line.</summary>
    public ReadOnlyMemory<byte> SseFields { get; }

    /// <summary>The WebSocket text message (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> WebSocketMessage { get; }

    /// <summary>Bytes held by the encodings, for queue accounting.</summary>
    public int SizeBytes => Json.Length + SseFields.Length + WebSocketMessage.Length;

    /// <summary>The wire name of <paramref name="type"/>.</summary>
    /// <param name="type">The type.</param>
    /// <returns><c>snapshot</c>, <c>update</c> or <c>reset</c>.</returns>
    public static string TypeName(PushEventType type) => type switch
    {
        PushEventType.Snapshot => "snapshot",
        PushEventType.Update => "update",
        PushEventType.Reset => "reset",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an event type."),
    };

    /// <summary>Builds an event whose <c>data</c> is already serialised.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="type">The event type.</param>
    /// <param name="position">The position after the event.</param>
    /// <param name="data">The <c>data</c> value, UTF-8 JSON.</param>
    /// <param name="recovered">False for a snapshot replacing events that could not be replayed.</param>
    /// <returns>The event.</returns>
    public static PushEvent Create(Topic topic, PushEventType type, StreamSequenceToken position, ReadOnlySpan<byte> data, bool recovered = true)
    {
        var typeName = TypeName(type);
        var epoch = PushCursor.FormatEpoch(position.Epoch);
        var topicCursor = PushCursor.Segment(topic, position);

        var buffer = new ArrayBufferWriter<byte>(data.Length + 128);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, typeName);
            WriteCommon(writer, topic, position, epoch, data, recovered);
        }

        var json = buffer.WrittenSpan.ToArray();

        var sse = new byte[7 + typeName.Length + 7 + json.Length + 1];
        var span = sse.AsSpan();
        "event: "u8.CopyTo(span);
        var at = 7 + Encoding.ASCII.GetBytes(typeName, span[7..]);
        "\ndata: "u8.CopyTo(span[at..]);
        at += 7;
        json.CopyTo(span[at..]);
        span[^1] = (byte)'\n';

        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("op"u8, "event"u8);
            writer.WriteString("type"u8, typeName);

            // A reset carries no cursor: the client keeps its old one until the snapshot that follows, so
            // a connection cut between the two resumes into a reset and snapshot again, never into updates
            // of the new epoch applied to the old state.
            if (type != PushEventType.Reset)
            {
                writer.WriteString("cursor"u8, topicCursor);
            }

            WriteCommon(writer, topic, position, epoch, data, recovered);
        }

        return new PushEvent(topic, type, position, recovered, topicCursor, json, sse, buffer.WrittenSpan.ToArray());
    }

    private static void WriteCommon(Utf8JsonWriter writer, Topic topic, StreamSequenceToken position, string epoch, ReadOnlySpan<byte> data, bool recovered)
    {
        writer.WriteString("topic"u8, topic.ToString());
        writer.WriteNumber("seq"u8, position.Sequence);
        writer.WriteString("epoch"u8, epoch);
        if (!recovered)
        {
            writer.WriteBoolean("recovered"u8, false);
        }

        writer.WritePropertyName("data"u8);
        writer.WriteRawValue(data, skipInputValidation: true);
        writer.WriteEndObject();
    }
}
