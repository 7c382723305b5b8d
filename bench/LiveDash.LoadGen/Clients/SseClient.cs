using System.Net.Sockets;
using LiveDash.LoadGen.Measuring;

namespace LiveDash.LoadGen.Clients;

/// <summary>
/// An SSE client over a raw socket: <c>GET</c> with HTTP/1.1, a 200 head, then a plain or chunked
/// body scanned for events. Parses only what event streams send (no redirects, no compression).
/// </summary>
internal sealed class SseClient : LoadClient
{
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly TimestampScanner _scanner;
    private ChunkedDecoder? _chunked;
    private int _leftoverStart;
    private int _leftoverEnd;

    public SseClient(DeliveryRecorder recorder, string timestampKey)
    {
        _scanner = new TimestampScanner(recorder, timestampKey);
    }

    public override long WindowDeliveries => _scanner.WindowDeliveries;

    protected override async Task HandshakeAsync(Uri url, CancellationToken cancellationToken)
    {
        await SendAllAsync(Ascii(
            $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"),
            cancellationToken);

        var received = 0;
        int headLength;
        while ((headLength = EndOfHead(_buffer.AsSpan(0, received))) < 0)
        {
            if (received == _buffer.Length)
            {
                throw new IOException($"the response head is longer than {_buffer.Length} bytes.");
            }

            var read = await Socket.ReceiveAsync(_buffer.AsMemory(received), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new IOException("the server closed the connection before the response head.");
            }

            received += read;
        }

        var head = CheckStatus(_buffer.AsSpan(0, headLength), "200");
        if (head.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            _chunked = new ChunkedDecoder(_scanner);
        }

        // Bytes after the head are the start of the body: fed first by ReceiveAsync.
        _leftoverStart = headLength;
        _leftoverEnd = received;
    }

    public override async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        if (!Feed(_buffer.AsSpan(_leftoverStart, _leftoverEnd - _leftoverStart)))
        {
            return;
        }

        while (true)
        {
            var read = await Socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken);
            if (read == 0 || !Feed(_buffer.AsSpan(0, read)))
            {
                return;
            }
        }
    }

    /// <summary>False when the body ended or is malformed.</summary>
    private bool Feed(ReadOnlySpan<byte> bytes)
    {
        var now = DeliveryRecorder.UnixMicrosecondsNow();
        if (_chunked is null)
        {
            _scanner.Feed(bytes, now);
            return true;
        }

        return _chunked.Feed(bytes, now) && !_chunked.IsFinished;
    }
}
