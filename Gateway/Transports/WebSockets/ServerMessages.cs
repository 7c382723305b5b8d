using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>
/// The gateway's replies on a WebSocket, encoded as UTF-8 JSON text messages. Events are not built
/// here: they are <see cref="Push.PushEvent.WebSocketMessage"/>, serialised once for every connection.
/// </summary>
/// <remarks>
/// <c>{"op":"ack","id":"c1"}</c> · <c>{"op":"error","id":"c1","code":"unknown_topic","message":".."}</c>
/// (<c>id</c> left out when the request had none) · <c>{"op":"pong"}</c> (with the ping's <c>id</c> when it had one).
/// </remarks>
internal static class ServerMessages
{
    // Replies are never embedded in HTML: quotes and non-ASCII text stay readable.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly byte[] s_pong = """{"op":"pong"}"""u8.ToArray();

    /// <summary>The answer to <c>{"op":"ping"}</c>.</summary>
    /// <param name="id">The ping's id, or null (the common case: one shared, pre-encoded message).</param>
    /// <returns>The message.</returns>
    public static ReadOnlyMemory<byte> Pong(string? id) => id is null ? s_pong : Write("pong"u8, id, null, null);

    /// <summary>A request with an id succeeded.</summary>
    /// <param name="id">The request's id.</param>
    /// <returns>The message.</returns>
    public static ReadOnlyMemory<byte> Ack(string id) => Write("ack"u8, id, null, null);

    /// <summary>A request failed; the connection stays open.</summary>
    /// <param name="id">The request's id, or null.</param>
    /// <param name="code">A <see cref="WebSocketErrorCodes"/> value.</param>
    /// <param name="message">What went wrong, for the client developer.</param>
    /// <returns>The message.</returns>
    public static ReadOnlyMemory<byte> Error(string? id, string code, string message) => Write("error"u8, id, code, message);

    private static byte[] Write(ReadOnlySpan<byte> op, string? id, string? code, string? message)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (message?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("op"u8, op);
            if (id is not null)
            {
                writer.WriteString("id"u8, id);
            }

            if (code is not null)
            {
                writer.WriteString("code"u8, code);
                writer.WriteString("message"u8, message);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
