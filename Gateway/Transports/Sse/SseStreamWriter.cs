using System.Buffers;
using System.IO.Pipelines;
using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Push;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Transports.Sse;

/// <summary>
/// The single writer of one SSE response: the <c>retry</c> line, then every event its push connection
/// yields, a <c>: ping</c> every <see cref="SseOptions.PingInterval"/>, and a final <c>disconnect</c> event
/// when the gateway ends the stream. Nothing else writes to the response, so writes never overlap.
/// </summary>
/// <remarks>
/// <para>Events go straight into the response's <see cref="PipeWriter"/>: every queued event is drained
/// (flushing each <see cref="SseOptions.MaxBytesPerFlush"/> bytes) and then flushed once, so a burst costs
/// one socket write. Writing an event allocates nothing (<see cref="SseFrames.WriteEvent"/>).</para>
/// <para>Memory: a flush waits while the socket is full, so a slow client holds at most its hub queue
/// (bounded by <see cref="PushOptions"/>) plus Kestrel's response buffer plus one flush's worth here. While
/// it waits, the hub collapses its updates and, past the lag limit, closes it; from the close the stream has
/// <see cref="SseOptions.DisconnectFlushTimeout"/> to deliver its <c>disconnect</c> event and end, else the
/// response is aborted.</para>
/// </remarks>
internal sealed class SseStreamWriter
{
    private readonly HttpContext _context;
    private readonly PushConnection _connection;
    private readonly SseFrames _frames;
    private readonly SseOptions _options;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly PipeWriter _output;
    private readonly Lock _endGate = new();
    private ITimer? _endDeadline;
    private bool _ended;
    private int _pingDue;

    public SseStreamWriter(HttpContext context, PushConnection connection, SseFrames frames, SseOptions options, TimeProvider time, GatewayMetrics metrics, ILogger logger)
    {
        _context = context;
        _connection = connection;
        _frames = frames;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _output = context.Response.BodyWriter;
    }

    /// <summary>Writes the stream until the client leaves or the gateway closes the connection.</summary>
    /// <returns>A task that completes when the response is complete or aborted.</returns>
    public async Task RunAsync()
    {
        // Once the hub closes the connection the stream has DisconnectFlushTimeout to end: a writer stuck
        // in a flush on a full socket (a slow consumer's) is aborted when it runs out. Aborting, rather than
        // cancelling the flush, is what frees the socket's buffers; and a pipe whose flush was cancelled lets
        // the next flush through while still full, so the disconnect event could not be waited for anyway.
        using var onClosed = _connection.Closed.UnsafeRegister(static state => ((SseStreamWriter)state!).StartEndDeadline(), this);
        try
        {
            await WriteStreamAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_endGate)
            {
                _ended = true;
                _endDeadline?.Dispose();
            }
        }
    }

    private async Task WriteStreamAsync()
    {
        try
        {
            _output.Write(_frames.Retry);
            if (await FlushAsync().ConfigureAwait(false))
            {
                await StreamEventsAsync().ConfigureAwait(false);
            }

            if (_connection.ClosedBy is { } code && !_context.RequestAborted.IsCancellationRequested)
            {
                // The final event: code, reason, whether to reconnect; then the response ends normally.
                SseLog.ClosedByGateway(_logger, code);
                _output.Write(SseFrames.Disconnect(code));
                if (await FlushAsync().ConfigureAwait(false))
                {
                    await _context.Response.CompleteAsync().ConfigureAwait(false);
                }
            }
            else
            {
                SseLog.ClientGone(_logger);
            }
        }
        catch (Exception exception) when (IsClientGone(exception))
        {
            SseLog.ClientGone(_logger);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The fan-out path never throws to its caller: record, end this stream, carry on.
            SseLog.WriteFailed(_logger, exception);
            _context.Abort();
        }
    }

    private async Task StreamEventsAsync()
    {
        // The ping timer wakes the writer's wait (Wake) rather than racing a second task against it: waiting
        // for an event then allocates nothing, where a Task.WhenAny per event cost ~200 bytes and a hop.
        using var pingTimer = _time.CreateTimer(static state => ((SseStreamWriter)state!).OnPingDue(), this, _options.PingInterval, _options.PingInterval);

        // The client leaving wakes the wait too, through one registration per stream: passing RequestAborted to
        // every wait registered and unregistered it per event (2–3 % of the gateway's CPU at 5k clients, perf).
        // A wake that comes before the wait is kept by the connection, so a client leaving then is not missed.
        using var clientGone = _context.RequestAborted.UnsafeRegister(static state => ((PushConnection)state!).Wake(), _connection);
        while (await DrainAsync().ConfigureAwait(false))
        {
            if (Interlocked.Exchange(ref _pingDue, 0) == 1)
            {
                _output.Write(SseFrames.Ping);
                if (!await FlushAsync().ConfigureAwait(false))
                {
                    return;
                }
            }

            if (!await _connection.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false) || _context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
        }
    }

    // Timer thread: the next turn of the write loop writes a ping (every interval, busy or not).
    private void OnPingDue()
    {
        Volatile.Write(ref _pingDue, 1);
        _connection.Wake();
    }

    // Writes every queued event, flushing each MaxBytesPerFlush bytes and once at the end. False when the
    // client is gone.
    private async ValueTask<bool> DrainAsync()
    {
        var events = 0;
        var unflushed = 0;
        while (_connection.TryRead(out var pushEvent))
        {
            unflushed += SseFrames.WriteEvent(_output, pushEvent, _connection);
            events++;
            if (unflushed >= _options.MaxBytesPerFlush)
            {
                _metrics.EventsWritten(SseAdmission.Transport, events);
                events = 0;
                unflushed = 0;
                if (!await FlushAsync().ConfigureAwait(false))
                {
                    return false;
                }
            }
        }

        if (events == 0)
        {
            return true;
        }

        _metrics.EventsWritten(SseAdmission.Transport, events);
        return await FlushAsync().ConfigureAwait(false);
    }

    // False when the client is gone (or the response was aborted).
    private async ValueTask<bool> FlushAsync()
    {
        var result = await _output.FlushAsync().ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }

    // Closed fires under a topic channel's lock: only arm a timer here.
    private void StartEndDeadline()
    {
        lock (_endGate)
        {
            if (!_ended && _endDeadline is null)
            {
                _endDeadline = _time.CreateTimer(static state => ((SseStreamWriter)state!).OnEndDeadline(), this, _options.DisconnectFlushTimeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnEndDeadline()
    {
        lock (_endGate)
        {
            if (_ended)
            {
                return;
            }
        }

        // The client reconnects and resumes from its last id either way.
        SseLog.DisconnectNotDelivered(_logger, _connection.ClosedBy ?? DisconnectCode.Shutdown, _options.DisconnectFlushTimeout);
        _context.Abort();
    }

    // Kestrel reports a vanished or aborted client as an aborted request (OperationCanceledException,
    // ConnectionAbortedException) or a reset socket (IOException, ConnectionResetException).
    private bool IsClientGone(Exception exception)
        => exception is IOException
            || (exception is OperationCanceledException && _context.RequestAborted.IsCancellationRequested);
}
