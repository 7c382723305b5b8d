using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using LiveDash.LoadGen.Measuring;

namespace LiveDash.LoadGen.Clients;

/// <summary>
/// A WebSocket client over a raw socket: the HTTP/1.1 upgrade is written by hand (so the socket can
/// be bound to a chosen source address first), then <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>
/// takes over. In SignalR mode it speaks the JSON hub protocol: handshake
/// <c>{"protocol":"json","version":1}</c> + 0x1E, then records separated by 0x1E, and pings
/// (<c>{"type":6}</c>) so the server's client timeout (30 s) does not close idle connections.
/// In plain mode every text message is scanned for events; <c>--hello</c> is sent first if given.
/// </summary>
internal sealed class WebSocketClient : LoadClient
{
    private static readonly byte[] s_signalRHandshake = "{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray();
    private static readonly byte[] s_signalRPing = "{\"type\":6}\u001e"u8.ToArray();

    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly TimestampScanner _scanner;
    private readonly bool _signalR;
    private readonly byte[]? _hello;
    private WebSocket? _webSocket;

    public WebSocketClient(DeliveryRecorder recorder, bool signalR, string? hello, string timestampKey)
    {
        _scanner = new TimestampScanner(recorder, timestampKey);
        _signalR = signalR;
        _hello = hello is null ? null : System.Text.Encoding.UTF8.GetBytes(hello);
    }

    public override long WindowDeliveries => _scanner.WindowDeliveries;

    protected override async Task HandshakeAsync(Uri url, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        await SendAllAsync(Ascii(
            $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"),
            cancellationToken);

        await ConsumeHeadAsync(cancellationToken);
        _webSocket = WebSocket.CreateFromStream(
            new NetworkStream(Socket, ownsSocket: false),
            new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });

        var first = _signalR ? s_signalRHandshake : _hello;
        if (first is not null)
        {
            await _webSocket.SendAsync(first, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }

    public override async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var webSocket = _webSocket ?? throw new InvalidOperationException("The handshake has not run.");
        while (true)
        {
            var result = await webSocket.ReceiveAsync(_buffer.AsMemory(), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            _scanner.Feed(_buffer.AsSpan(0, result.Count), DeliveryRecorder.UnixMicrosecondsNow());
        }
    }

    public override ValueTask KeepAliveAsync(CancellationToken cancellationToken) =>
        _signalR && _webSocket is { State: WebSocketState.Open } webSocket
            ? webSocket.SendAsync(s_signalRPing.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken)
            : ValueTask.CompletedTask;

    public override void Dispose()
    {
        _webSocket?.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// Reads the 101 head and not a byte more (the server may send frames right after it): peek
    /// until the blank line is in, then receive exactly the head.
    /// </summary>
    private async Task ConsumeHeadAsync(CancellationToken cancellationToken)
    {
        int headLength;
        while (true)
        {
            var peeked = await Socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.Peek, cancellationToken);
            if (peeked == 0)
            {
                throw new IOException("the server closed the connection before the upgrade response.");
            }

            headLength = EndOfHead(_buffer.AsSpan(0, peeked));
            if (headLength >= 0)
            {
                break;
            }

            if (peeked == _buffer.Length)
            {
                throw new IOException($"the upgrade response head is longer than {_buffer.Length} bytes.");
            }

            // Part of the head is in: wait for the rest rather than spin on the same bytes.
            await Task.Delay(5, cancellationToken);
        }

        CheckStatus(_buffer.AsSpan(0, headLength), "101");
        var consumed = 0;
        while (consumed < headLength)
        {
            consumed += await Socket.ReceiveAsync(_buffer.AsMemory(consumed, headLength - consumed), SocketFlags.None, cancellationToken);
        }
    }
}
