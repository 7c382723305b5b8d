using System.Text;

namespace LiveDash.IntegrationTests.Gateway;

/// <summary>
/// Parses a <c>text/event-stream</c> exactly as the WHATWG HTML standard's "Server-sent events" section says an
/// <c>EventSource</c> does, so tests see what a browser would: UTF-8 with a leading BOM dropped; lines ending in
/// CRLF, LF or CR; <c>field: value</c> with one leading space removed from the value; a line without a colon is a
/// field with an empty value; <c>data</c> lines joined by LF; <c>id</c> ignored when it contains NUL; <c>retry</c>
/// ignored unless all ASCII digits; unknown fields ignored; an event dispatched only at a blank line, and not at
/// all when its data is empty; an unterminated last event discarded at the end of the stream.
/// </summary>
/// <remarks>
/// Not thread-safe: one reader per stream, one read at a time. Comments and accepted <c>retry</c> fields are
/// reported as items too (an <c>EventSource</c> swallows them), so tests can check keep-alives and the first line.
/// </remarks>
internal sealed class SseEventReader
{
    private readonly Stream _stream;
    private readonly byte[] _bytes;
    private readonly char[] _chars;
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _data = new();
    private readonly Queue<SseItem> _ready = new();
    private string _eventType = string.Empty;
    private bool _started;
    private bool _afterCarriageReturn;
    private bool _ended;

    /// <summary>Reads from <paramref name="stream"/> (a response body); the caller owns and disposes it.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="bufferSize">Bytes read at a time.</param>
    public SseEventReader(Stream stream, int bufferSize = 4096)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _bytes = new byte[bufferSize];
        _chars = new char[Encoding.UTF8.GetMaxCharCount(bufferSize)];
    }

    /// <summary>The last event ID buffer: what <c>Last-Event-ID</c> would carry on a reconnect now (empty before any <c>id</c>).</summary>
    public string LastEventId { get; private set; } = string.Empty;

    /// <summary>The reconnection time from the newest accepted <c>retry</c> field, or null when none came yet.</summary>
    public TimeSpan? ReconnectionTime { get; private set; }

    /// <summary>The next event, comment or accepted <c>retry</c>, in stream order.</summary>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>The item, or null at the end of the stream (an unterminated last event is discarded).</returns>
    public async ValueTask<SseItem?> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (_ready.Count == 0)
        {
            if (_ended)
            {
                return null;
            }

            var read = await _stream.ReadAsync(_bytes, cancellationToken);
            if (read == 0)
            {
                // WHATWG: pending data at the end of the stream is discarded, an incomplete line included.
                _ended = true;
                return null;
            }

            var count = _decoder.GetChars(_bytes, 0, read, _chars, 0, flush: false);
            for (var i = 0; i < count; i++)
            {
                Feed(_chars[i]);
            }
        }

        return _ready.Dequeue();
    }

    /// <summary>The next dispatched event; comments and <c>retry</c> fields on the way are applied and skipped.</summary>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>The event, or null at the end of the stream.</returns>
    public async ValueTask<SseEvent?> ReadEventAsync(CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(cancellationToken) is { } item)
        {
            if (item is SseEvent sseEvent)
            {
                return sseEvent;
            }
        }

        return null;
    }

    private void Feed(char c)
    {
        if (!_started)
        {
            // One BOM at the very start of the stream is dropped; anywhere else it is content.
            _started = true;
            if (c == '\uFEFF')
            {
                return;
            }
        }

        if (_afterCarriageReturn)
        {
            _afterCarriageReturn = false;
            if (c == '\n')
            {
                return;
            }
        }

        switch (c)
        {
            case '\r':
                _afterCarriageReturn = true;
                EndLine();
                break;
            case '\n':
                EndLine();
                break;
            default:
                _line.Append(c);
                break;
        }
    }

    private void EndLine()
    {
        var line = _line.ToString();
        _line.Clear();
        if (line.Length == 0)
        {
            Dispatch();
            return;
        }

        if (line[0] == ':')
        {
            _ready.Enqueue(new SseComment(WithoutLeadingSpace(line.AsSpan(1)).ToString()));
            return;
        }

        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            Process(line, string.Empty);
        }
        else
        {
            Process(line[..colon], WithoutLeadingSpace(line.AsSpan(colon + 1)).ToString());
        }
    }

    private void Process(string field, string value)
    {
        switch (field)
        {
            case "event":
                _eventType = value;
                break;
            case "data":
                _data.Append(value).Append('\n');
                break;
            case "id":
                if (!value.Contains('\0', StringComparison.Ordinal))
                {
                    LastEventId = value;
                }

                break;
            case "retry":
                if (value.Length > 0 && value.All(char.IsAsciiDigit) && long.TryParse(value, out var milliseconds) && milliseconds <= TimeSpan.MaxValue.TotalMilliseconds)
                {
                    ReconnectionTime = TimeSpan.FromMilliseconds(milliseconds);
                    _ready.Enqueue(new SseRetry(ReconnectionTime.Value));
                }

                break;
            default:
                // Unknown fields are ignored.
                break;
        }
    }

    private void Dispatch()
    {
        if (_data.Length == 0)
        {
            _eventType = string.Empty;
            return;
        }

        // The data buffer ends with the LF the last data line added.
        var data = _data.ToString(0, _data.Length - 1);
        _ready.Enqueue(new SseEvent(_eventType.Length == 0 ? "message" : _eventType, data, LastEventId));
        _data.Clear();
        _eventType = string.Empty;
    }

    private static ReadOnlySpan<char> WithoutLeadingSpace(ReadOnlySpan<char> value)
        => value.Length > 0 && value[0] == ' ' ? value[1..] : value;
}
