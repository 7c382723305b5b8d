using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using LiveDash.Gateway.Auth;
using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Push;
using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>
/// One accepted WebSocket: three loops over one <see cref="PushConnection"/>. The receive loop reads
/// client messages (at most <see cref="WebSocketTransportOptions.MaxIncomingMessageBytes"/> each) and
/// queues them; the request loop carries them out one at a time, in order, and queues the replies (a
/// ping is answered by the receive loop itself, so a slow command never delays a pong); the send loop
/// is the socket's only writer: replies and events, then the close frame.
/// </summary>
/// <remarks>
/// <para>Order: each turn of the send loop writes every queued reply, then at most
/// <see cref="EventsPerTurn"/> events, so a pong or an ack waits behind at most that many events while
/// events keep the hub's order (per topic, the order of the stream). An event is
/// <see cref="PushEvent.WebSocketMessage"/>: the same bytes for every connection.</para>
/// <para>Bounds: requests and replies wait in bounded queues; when they are full the loop before waits,
/// so a client that floods requests without reading is slowed by TCP backpressure, never buffered.
/// Events are bounded by the hub (coalescing, then <c>4002 slow_consumer</c>).</para>
/// <para>Closing: the hub closing the connection (shutdown, slow consumer, expired credentials, a
/// protocol violation seen here) makes the send loop write a close frame with the disconnect code; the
/// receive loop then waits for the client's close frame. A client's close frame is answered the same
/// way. Once closing starts, socket I/O has <see cref="WebSocketTransportOptions.CloseTimeout"/> to
/// finish before the socket is aborted. A client that stops answering pings is dropped by the
/// WebSocket's own keep-alive (the receive loop always has a read pending, so pongs are seen).
/// Nothing here throws to the caller or to the hub.</para>
/// </remarks>
internal sealed class WebSocketSession : IDisposable
{
    /// <summary>Events written per turn of the send loop before queued replies get their turn.</summary>
    internal const int EventsPerTurn = 16;

    private const string Transport = "websocket";
    private const int InitialReceiveBufferBytes = 4096;

    private readonly WebSocket _socket;
    private readonly PushConnection _connection;
    private readonly AccessGrant _grant;
    private readonly WebSocketRequestHandler _handler;
    private readonly WebSocketTransportOptions _options;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<ClientMessage> _requests;
    private readonly Channel<ReadOnlyMemory<byte>> _replies;
    private readonly TaskCompletionSource<bool> _receiveEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abort;
    private readonly CancellationTokenSource _stopRequests = new();
    private int _closing;

    public WebSocketSession(
        WebSocket socket,
        PushConnection connection,
        AccessGrant grant,
        WebSocketRequestHandler handler,
        WebSocketTransportOptions options,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger logger)
    {
        _socket = socket;
        _connection = connection;
        _grant = grant;
        _handler = handler;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _requests = Channel.CreateBounded<ClientMessage>(new BoundedChannelOptions(options.MaxPendingRequests)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _replies = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(options.MaxPendingReplies)
        {
            // The request loop's replies, and pongs straight from the receive loop.
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Runs the connection until it is closed (by either side) or lost; never throws.</summary>
    /// <param name="credentialsExpired">Fires when the connection's credentials end: it is closed with <c>4001 reauthenticate</c>.</param>
    /// <returns>A task that completes when the socket is closed or aborted.</returns>
    public async Task RunAsync(CancellationToken credentialsExpired)
    {
        try
        {
            using (credentialsExpired.Register(static state => ((PushConnection)state!).Close(DisconnectCode.Reauthenticate), _connection))
            using (_connection.Closed.Register(static state => ((WebSocketSession)state!).StartClosing(), this))
            {
                var receive = ReceiveLoopAsync();
                var send = SendLoopAsync();
                var requests = RequestLoopAsync();
                await Task.WhenAny(receive, send).ConfigureAwait(false);

                // Either side ended: requests still queued have nobody to answer to.
                await _stopRequests.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(receive, send, requests).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            WebSocketLog.SessionFailed(_logger, exception);
        }
        finally
        {
            if (_socket.State != WebSocketState.Closed)
            {
                _socket.Abort();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _abort.Dispose();
        _stopRequests.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var clientClosed = false;
        byte[]? buffer = null;
        try
        {
            var max = _options.MaxIncomingMessageBytes;
            while (true)
            {
                // An idle connection waits with a zero-byte read: it holds no buffer until a message arrives.
                var first = await _socket.ReceiveAsync(Memory<byte>.Empty, _abort.Token).ConfigureAwait(false);
                if (first.MessageType == WebSocketMessageType.Close)
                {
                    clientClosed = true;
                    return;
                }

                if (first.MessageType == WebSocketMessageType.Binary)
                {
                    clientClosed = await RejectAsync("a binary message; the protocol is JSON in text messages").ConfigureAwait(false);
                    return;
                }

                buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialReceiveBufferBytes, max + 1));
                var length = 0;
                var end = first.EndOfMessage;
                while (!end)
                {
                    if (length == Math.Min(buffer.Length, max + 1))
                    {
                        buffer = Grow(buffer, length, Math.Min(buffer.Length * 2, max + 1));
                    }

                    var result = await _socket.ReceiveAsync(buffer.AsMemory(length, Math.Min(buffer.Length, max + 1) - length), _abort.Token).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        clientClosed = true;
                        return;
                    }

                    length += result.Count;
                    end = result.EndOfMessage;
                    if (length > max)
                    {
                        clientClosed = await RejectAsync($"a message over {max} bytes ({WebSocketTransportOptions.SectionName}:MaxIncomingMessageBytes)").ConfigureAwait(false);
                        return;
                    }
                }

                var message = ClientMessageParser.Parse(buffer.AsSpan(0, length));
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = null;

                if (message.Op == ClientOp.Ping)
                {
                    // A ping checks the connection, not the cluster: answered at once, not behind a slow command.
                    await OfferAsync(_replies.Writer, ServerMessages.Pong(message.Id)).ConfigureAwait(false);
                    _connection.Wake();
                }
                else
                {
                    await OfferAsync(_requests.Writer, message).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The client vanished, stopped answering pings, or did not finish closing in time.
            WebSocketLog.Dropped(_logger, exception);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            _requests.Writer.TryComplete();
            if (clientClosed)
            {
                StartClosing();
            }

            _receiveEnded.TrySetResult(clientClosed);
            _connection.Wake();
        }
    }

    // Waits for room in a bounded queue (backpressure); a queue that stopped taking items means the
    // connection is closing, and the item goes unanswered.
    private async ValueTask OfferAsync<T>(ChannelWriter<T> queue, T item)
    {
        while (!queue.TryWrite(item))
        {
            if (!await queue.WaitToWriteAsync(_abort.Token).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    // A message the gateway cannot read to answer: close with 4500, then read and drop what the client
    // still sends until its close frame. True when the client closed; false when it ended otherwise.
    private async Task<bool> RejectAsync(string detail)
    {
        WebSocketLog.ProtocolViolation(_logger, detail);
        _connection.Close(DisconnectCode.BadRequest);
        var scratch = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(scratch.AsMemory(), _abort.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return true;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private async Task RequestLoopAsync()
    {
        var token = _stopRequests.Token;
        try
        {
            while (await _requests.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (_requests.Reader.TryRead(out var message))
                {
                    var reply = await _handler.HandleAsync(message, _connection, _grant, token).ConfigureAwait(false);
                    if (reply is { } bytes)
                    {
                        await _replies.Writer.WriteAsync(bytes, token).ConfigureAwait(false);
                        _connection.Wake();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The connection is ending.
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            WebSocketLog.SessionFailed(_logger, exception);
            _socket.Abort();
        }
        finally
        {
            _requests.Writer.TryComplete();
            _replies.Writer.TryComplete();
        }
    }

    private async Task SendLoopAsync()
    {
        try
        {
            while (!_receiveEnded.Task.IsCompleted)
            {
                if (await SendTurnAsync().ConfigureAwait(false))
                {
                    continue;
                }

                if (_connection.Closed.IsCancellationRequested || !await WaitForWorkAsync().ConfigureAwait(false))
                {
                    // The hub closed the connection: write the close frame with its code.
                    break;
                }
            }

            await CloseAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A send failed: the client vanished, or a close took longer than CloseTimeout.
            WebSocketLog.Dropped(_logger, exception);
            _socket.Abort();
        }
    }

    /// <summary>
    /// One turn of the send loop: every queued reply (a pong or an ack waits behind at most one turn of
    /// events), then at most <see cref="EventsPerTurn"/> events. True when more is already waiting.
    /// </summary>
    internal async ValueTask<bool> SendTurnAsync()
    {
        while (_replies.Reader.TryRead(out var reply))
        {
            await SendAsync(reply).ConfigureAwait(false);
        }

        var written = 0;
        while (written < EventsPerTurn && _connection.TryRead(out var pushEvent))
        {
            await SendAsync(pushEvent.WebSocketMessage).ConfigureAwait(false);
            written++;
        }

        if (written > 0)
        {
            _metrics.EventsWritten(Transport, written);
        }

        return written == EventsPerTurn || _replies.Reader.TryPeek(out _);
    }

    /// <summary>
    /// Waits for the send loop's next turn: an event, a reply or the receive loop ending (their producers
    /// call <see cref="PushConnection.Wake"/>, which a wait started later still sees). False once the hub
    /// closed the connection. One reused completion per connection: waiting for each event allocates
    /// nothing, where a <c>Task.WhenAny</c> over three tasks cost ~150–290 bytes per delivery (fanout benchmark).
    /// </summary>
    internal ValueTask<bool> WaitForWorkAsync() => _connection.WaitToReadAsync(CancellationToken.None);

    private ValueTask SendAsync(ReadOnlyMemory<byte> message)
        => _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _abort.Token);

    private async Task CloseAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        if (_connection.ClosedBy is { } code)
        {
            var reason = DisconnectCodes.Reason(code);
            WebSocketLog.ClosedByGateway(_logger, (int)code, reason);
            await _socket.CloseOutputAsync((WebSocketCloseStatus)(int)code, reason, _abort.Token).ConfigureAwait(false);
        }
        else if (_receiveEnded.Task.IsCompletedSuccessfully && _receiveEnded.Task.Result)
        {
            // The client's close frame: answer it, which completes the closing handshake.
            WebSocketLog.ClosedByClient(_logger, _socket.CloseStatus);
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, _abort.Token).ConfigureAwait(false);
        }
    }

    // From the moment closing starts, socket I/O (a stuck send, the wait for the client's close frame)
    // has CloseTimeout left before the token aborts the socket.
    private void StartClosing()
    {
        if (Interlocked.Exchange(ref _closing, 1) == 0)
        {
            _abort.CancelAfter(_options.CloseTimeout);
        }
    }

    private static byte[] Grow(byte[] buffer, int length, int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
