using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using LiveDash.Gateway.Push;

namespace LiveDash.Gateway.Transports.Sse;

/// <summary>
/// The bytes of an SSE stream (WHATWG HTML, "Server-sent events"; UTF-8, <c>\n</c> line ends). Everything
/// but the <c>id</c> line is encoded once: the <c>retry</c> line at start, the <c>: ping</c> comment, one
/// <c>disconnect</c> event per code, and each event's <c>event</c>/<c>data</c> lines (<see cref="PushEvent.SseFields"/>,
/// shared by every connection).
/// </summary>
internal sealed class SseFrames
{
    /// <summary>The keep-alive comment: ignored by every SSE parser, but it moves bytes.</summary>
    public static ReadOnlySpan<byte> Ping => ": ping\n\n"u8;

    // {"code":4002,"reason":"slow_consumer","reconnect":true}: fixed per code, so built once for all of them.
    private static readonly FrozenDictionary<DisconnectCode, byte[]> s_disconnects = Enum.GetValues<DisconnectCode>().ToFrozenDictionary(
        code => code,
        code => Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"event: disconnect\ndata: {{\"code\":{(int)code},\"reason\":\"{DisconnectCodes.Reason(code)}\",\"reconnect\":{(DisconnectCodes.ShouldReconnect(code) ? "true" : "false")}}}\n\n")));

    private readonly byte[] _retry;

    /// <summary>Encodes the stream's opening <c>retry</c> line.</summary>
    /// <param name="retryInterval">The reconnection delay to ask for (whole milliseconds are sent).</param>
    public SseFrames(TimeSpan retryInterval)
    {
        // The blank line after it dispatches nothing (no data), so parsers just take the delay.
        _retry = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"retry: {(long)retryInterval.TotalMilliseconds}\n\n"));
    }

    /// <summary>The first bytes of every stream: <c>retry: &lt;ms&gt;\n\n</c>.</summary>
    public ReadOnlySpan<byte> Retry => _retry;

    /// <summary>The final event of a stream the gateway ends: <c>event: disconnect</c> with code, reason and whether to reconnect.</summary>
    /// <param name="code">Why the stream ends.</param>
    /// <returns>The event, blank line included.</returns>
    public static ReadOnlySpan<byte> Disconnect(DisconnectCode code) => s_disconnects[code];

    /// <summary>
    /// Writes one event: its shared <c>event</c>/<c>data</c> lines, then <c>id: &lt;cursor&gt;</c> and the
    /// blank line that dispatches it. Allocates nothing: the cursor is encoded straight into the writer.
    /// </summary>
    /// <param name="output">The response body.</param>
    /// <param name="pushEvent">The event just taken from <paramref name="connection"/>.</param>
    /// <param name="connection">The connection, whose cursor (after this event) is the <c>id</c>.</param>
    /// <returns>The bytes written.</returns>
    public static int WriteEvent(IBufferWriter<byte> output, PushEvent pushEvent, PushConnection connection)
    {
        var fields = pushEvent.SseFields.Span;
        output.Write(fields);
        output.Write("id: "u8);
        var cursorBytes = connection.WriteCursor(output);
        output.Write("\n\n"u8);
        return fields.Length + 6 + cursorBytes;
    }
}
