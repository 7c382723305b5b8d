using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>
/// One TCP connection to a peer, carrying <see cref="Message"/> frames both ways. One reader loop
/// decodes frames and hands them to the <see cref="IMessageHandler"/>; one writer loop drains a
/// bounded queue and writes every frame it finds there into the pipe before a single flush, so a
/// burst of sends costs one socket write and senders never take a lock.
/// Lifecycle: created around a connected socket, handshaken by its owner through
/// <see cref="Input"/>/<see cref="Output"/>, then <see cref="Start"/>ed; closed once, by
/// <see cref="Close"/>, <see cref="Abort"/>, the peer or an I/O error. Closing fails every send
/// not yet written, and then tells the handler.
/// </summary>
internal sealed class Connection : IAsyncDisposable
{
    // A flush carries at most this many frames or, past the byte limit, no further frame: enough to
    // batch a burst, and a bound on what sits in the pipe when senders outpace the socket.
    private const int MaxFramesPerFlush = 1024;
    private const int MaxBytesPerFlush = 256 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly IMessageHandler _handler;
    private readonly TransportOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<SendOperation> _queue;
    private readonly ConcurrentQueue<SendOperation> _pool = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EndPoint? _remoteEndPoint;
    private string _peerName;
    private Exception? _closeReason;
    private int _closing;
    private int _started;
    private int _waitingForRoom;

    /// <summary>Wraps a connected socket; nothing is read or written until the owner handshakes and starts it.</summary>
    public Connection(Socket socket, IMessageHandler handler, TransportOptions options, ILogger logger)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _handler = handler;
        _options = options;
        _logger = logger;
        _remoteEndPoint = socket.RemoteEndPoint;
        _peerName = "endpoint " + _remoteEndPoint;
        _stream = new NetworkStream(socket, ownsSocket: false);
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        _queue = Channel.CreateBounded<SendOperation>(new BoundedChannelOptions(options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>The peer silo, or null when the peer is a client (or before the handshake).</summary>
    public SiloAddress? Remote { get; private set; }

    /// <summary>The peer's IP endpoint, for logs.</summary>
    public EndPoint? RemoteEndPoint => _remoteEndPoint;

    /// <summary>Whether the connection has begun closing; sends fail from then on.</summary>
    public bool IsClosed => Volatile.Read(ref _closing) != 0;

    /// <summary>Completes once the connection is closed and the handler has been told.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Messages queued and not yet taken by the writer loop; for tests and diagnostics.</summary>
    internal int QueuedCount => _queue.Reader.Count;

    /// <summary>Senders waiting for room in the full queue; for tests and diagnostics.</summary>
    internal int SendersWaitingForRoom => Volatile.Read(ref _waitingForRoom);

    /// <summary>The incoming byte stream; only the handshake uses it directly, before <see cref="Start"/>.</summary>
    internal PipeReader Input { get; }

    /// <summary>The outgoing byte stream; only the handshake uses it directly, before <see cref="Start"/>.</summary>
    internal PipeWriter Output { get; }

    /// <summary>Starts the reader and writer loops, after a successful handshake with <paramref name="remote"/>.</summary>
    public void Start(SiloAddress? remote)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The connection is already started.");
        }

        Remote = remote;
        _peerName = remote is null ? "client " + _remoteEndPoint : "silo " + remote;
        TransportLog.ConnectionOpened(_logger, _peerName);
        _ = RunAsync();
    }

    /// <summary>
    /// Queues <paramref name="message"/> and completes when its frame has been handed to the socket.
    /// Waits while the queue is full (<paramref name="cancellationToken"/> cancels only that wait).
    /// Fails with <see cref="SiloUnavailableException"/> naming the peer when the connection is or
    /// becomes closed before the frame is written, and with <see cref="FrameTooLargeException"/> when
    /// the frame exceeds <see cref="TransportOptions.MaxFrameSize"/>.
    /// </summary>
    public ValueTask SendAsync(Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (IsClosed)
        {
            return ValueTask.FromException(ClosedException());
        }

        var frameLength = FrameCodec.GetFrameLength(message);
        if (frameLength > _options.MaxFrameSize)
        {
            return ValueTask.FromException(new FrameTooLargeException(frameLength, _options.MaxFrameSize, incoming: false));
        }

        var operation = SendOperation.Rent(_pool, message);
        if (_queue.Writer.TryWrite(operation))
        {
            return operation.AsValueTask();
        }

        return EnqueueSlowAsync(operation, cancellationToken);
    }

    /// <summary>
    /// Queues <paramref name="message"/> without a completion to await: for senders that only need to
    /// hear of a failure (a reply, a call whose answer comes as a message). Saves the await — a state
    /// machine and a thread-pool hop per message — on the hot path. <paramref name="onFailed"/> runs
    /// (on the thread pool, or inline when the send fails before queuing) with the same exceptions
    /// <see cref="SendAsync"/> would throw. Waits for room like <see cref="SendAsync"/>, without a token.
    /// </summary>
    public void Post(Message message, Action<Exception, object?> onFailed, object? state)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(onFailed);
        if (IsClosed)
        {
            onFailed(ClosedException(), state);
            return;
        }

        var frameLength = FrameCodec.GetFrameLength(message);
        if (frameLength > _options.MaxFrameSize)
        {
            onFailed(new FrameTooLargeException(frameLength, _options.MaxFrameSize, incoming: false), state);
            return;
        }

        var operation = SendOperation.RentPosted(_pool, message, onFailed, state);
        if (!_queue.Writer.TryWrite(operation))
        {
            _ = PostSlowAsync(operation, onFailed, state);
        }
    }

    /// <summary>Closes the connection in order: fails unwritten sends, shuts the socket down, tells the handler.</summary>
    public void Close() => Shutdown(reason: null, abort: false);

    /// <summary>Drops the socket at once with a reset, as a crashed process would; no goodbye.</summary>
    public void Abort() => Shutdown(new SiloUnavailableException($"The connection to {_peerName} was aborted."), abort: true);

    /// <summary>Closes in order (see <see cref="Close"/>) and waits until the handler has been told.</summary>
    public async ValueTask DisposeAsync()
    {
        Close();
        await Closed;
        await _stream.DisposeAsync();
    }

    /// <summary>Closes with <paramref name="reason"/>; used when the owner drops a connection that failed its handshake.</summary>
    internal void AbortWith(Exception reason) => Shutdown(reason, abort: true);

    /// <inheritdoc />
    public override string ToString() => _peerName;

    private async Task PostSlowAsync(SendOperation operation, Action<Exception, object?> onFailed, object? state)
    {
        Interlocked.Increment(ref _waitingForRoom);
        try
        {
            await _queue.Writer.WriteAsync(operation);
        }
        catch (ChannelClosedException)
        {
            operation.ReturnUnused();
            onFailed(ClosedException(), state);
        }
        finally
        {
            Interlocked.Decrement(ref _waitingForRoom);
        }
    }

    private async ValueTask EnqueueSlowAsync(SendOperation operation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waitingForRoom);
        try
        {
            await _queue.Writer.WriteAsync(operation, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            operation.ReturnUnused();
            throw ClosedException();
        }
        catch (OperationCanceledException)
        {
            operation.ReturnUnused();
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _waitingForRoom);
        }

        await operation.AsValueTask();
    }

    private async Task RunAsync()
    {
        var reading = Task.Run(ReadLoopAsync);
        var writing = Task.Run(WriteLoopAsync);
        await Task.WhenAll(reading, writing);

        try
        {
            // Completing the writer would flush what a failed write left in it: discard that instead.
            Output.CancelPendingFlush();
            await Input.CompleteAsync();
            await Output.CompleteAsync(_closeReason);
        }
        catch (Exception)
        {
            // Whatever completing throws, the close must still be reported. The socket is closed already; nothing the pipes held can still be delivered.
        }

        _socket.Dispose();

        TransportLog.ConnectionClosed(_logger, _peerName, _closeReason?.Message ?? "closed locally");
        try
        {
            _handler.OnConnectionClosed(this, _closeReason);
        }
        catch (Exception exception)
        {
            TransportLog.ClosedHandlerFailed(_logger, exception, _peerName);
        }

        _closed.TrySetResult();
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await Input.ReadAsync();
                var buffer = result.Buffer;
                try
                {
                    while (FrameCodec.TryRead(ref buffer, _options.MaxFrameSize, out var message))
                    {
                        Deliver(message);
                    }

                    if (result.IsCompleted || result.IsCanceled)
                    {
                        Shutdown(
                            buffer.IsEmpty
                                ? new SiloUnavailableException($"{_peerName} closed the connection.")
                                : new InvalidFrameException($"{_peerName} closed the connection inside a frame ({buffer.Length} bytes of it received)."),
                            abort: false);
                        return;
                    }
                }
                finally
                {
                    Input.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (Exception exception) when (exception is FrameTooLargeException or InvalidFrameException)
        {
            TransportLog.ClosingOnBadFrame(_logger, _peerName, exception.Message);
            Shutdown(exception, abort: true);
        }
        catch (Exception exception)
        {
            // Usually the socket closed under the read: by Close/Abort (the reason is already set) or a reset.
            Shutdown(new SiloUnavailableException($"The connection to {_peerName} failed: {exception.Message}"), abort: true);
        }
    }

    private void Deliver(Message message)
    {
        try
        {
            _handler.OnMessage(message, this);
        }
        catch (Exception exception)
        {
            TransportLog.HandlerFailed(_logger, exception, _peerName);
        }
    }

    private async Task WriteLoopAsync()
    {
        // Operations written into the pipe but not yet flushed; reused, so a batch allocates nothing.
        var batch = new List<SendOperation>(capacity: 64);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (batch.Count < MaxFramesPerFlush
                    && Output.UnflushedBytes < MaxBytesPerFlush
                    && !IsClosed
                    && reader.TryRead(out var operation))
                {
                    try
                    {
                        FrameCodec.Write(Output, operation.Message!, _options.MaxFrameSize);
                        batch.Add(operation);
                    }
                    catch (FrameTooLargeException exception)
                    {
                        // The message grew after SendAsync measured it; nothing was written for it.
                        operation.Fail(exception);
                    }
                }

                if (IsClosed)
                {
                    break;
                }

                var flush = await Output.FlushAsync();
                foreach (var written in batch)
                {
                    written.Succeed();
                }

                batch.Clear();
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception exception)
        {
            Shutdown(new SiloUnavailableException($"Writing to {_peerName} failed: {exception.Message}"), abort: true);
        }
        finally
        {
            // Shutdown completed the queue first, so nothing can be added behind this drain.
            Shutdown(new SiloUnavailableException($"The connection to {_peerName} closed."), abort: false);
            var failure = ClosedException();
            foreach (var unflushed in batch)
            {
                unflushed.Fail(failure);
            }

            while (reader.TryRead(out var queued))
            {
                queued.Fail(failure);
            }
        }
    }

    private void Shutdown(Exception? reason, bool abort)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _closeReason = reason;
        _queue.Writer.TryComplete();
        try
        {
            if (abort)
            {
                // Linger 0: close sends a reset, as the kernel does for a process that died.
                _socket.LingerState = new LingerOption(enable: true, seconds: 0);
            }
            else
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // The socket is already gone; closing it below is all that is left to do.
        }

        _socket.Close();
        if (Volatile.Read(ref _started) == 0)
        {
            // Never started: no loops will report the close.
            _closed.TrySetResult();
        }
    }

    private SiloUnavailableException ClosedException()
    {
        var reason = _closeReason;
        return new SiloUnavailableException(reason is null
            ? $"The connection to {_peerName} is closed."
            : $"The connection to {_peerName} is closed: {reason.Message}");
    }
}
