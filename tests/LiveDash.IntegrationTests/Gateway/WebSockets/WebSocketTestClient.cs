using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace LiveDash.IntegrationTests.Gateway.WebSockets;

/// <summary>
/// A <see cref="ClientWebSocket"/> on <c>/ws</c> with a receive always pending (so it answers the
/// gateway's pings, as browsers do), the messages it got in a queue, and the close frame it got.
/// </summary>
internal sealed class WebSocketTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket;
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _receiving;

    private WebSocketTestClient(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = ReceiveLoopAsync();
    }

    /// <summary>The state of the socket.</summary>
    public WebSocketState State => _socket.State;

    /// <summary>The close code the gateway sent, once <see cref="WaitClosedAsync"/> completed.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>The close reason the gateway sent.</summary>
    public string? CloseDescription { get; private set; }

    public static async Task<WebSocketTestClient> ConnectAsync(GatewayServer server, string query = "")
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Timeout);
        await socket.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/ws{query}"), timeout.Token);
        return new WebSocketTestClient(socket);
    }

    public Task SendAsync(string json) => SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text);

    public async Task SendAsync(byte[] bytes, WebSocketMessageType type)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _socket.SendAsync(bytes, type, endOfMessage: true, timeout.Token);
    }

    /// <summary>The next message.</summary>
    public async Task<JsonElement> NextAsync(string expected)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            if (await _messages.Reader.WaitToReadAsync(timeout.Token) && _messages.Reader.TryRead(out var message))
            {
                return message;
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {Timeout.TotalSeconds:0} s waiting for {expected}.");
        }

        throw new InvalidOperationException($"The WebSocket closed ({CloseStatus} {CloseDescription}) while waiting for {expected}.");
    }

    /// <summary>Messages up to and including the first that matches; the others are returned in <paramref name="before"/>.</summary>
    public async Task<JsonElement> NextMatchingAsync(Func<JsonElement, bool> match, string expected, List<JsonElement>? before = null)
    {
        while (true)
        {
            var message = await NextAsync(expected);
            if (match(message))
            {
                return message;
            }

            before?.Add(message);
        }
    }

    /// <summary>Waits for the gateway's close frame (answered, completing the handshake) or the connection's end.</summary>
    public async Task<WebSocketCloseStatus?> WaitClosedAsync(string expected)
    {
        try
        {
            await _receiving.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {Timeout.TotalSeconds:0} s waiting for {expected}.");
        }

        return CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // The test is over either way.
            }
        }

        _socket.Abort();
        await _receiving.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    CloseDescription = result.CloseStatusDescription;
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                    }

                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    using var document = JsonDocument.Parse(message.ToArray());
                    _messages.Writer.TryWrite(document.RootElement.Clone());
                    message.SetLength(0);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Aborted: the test decides whether that was expected.
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }
}
