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
/// it waits, the hub collapses its updates and, past the lag limit, closes it; the close cancels the
/// pending flush, the writer appends the <c>disconnect</c> event and gives it
/// <see cref="SseOptions.DisconnectFlushTimeout"/> to leave before aborting the response.</para>
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
    private readonly Lock _flushGate = new();
    private bool _streaming = true;

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
        // A flush stuck on a full socket must give way when the hub closes the connection, so the writer can
        // say why. CancelPendingFlush (not a token: Kestrel aborts a response whose flush a token cancels)
        // runs on the thread pool: Closed fires under a topic channel's lock, and flush continuations may run inline.
        using var onClosed = _connection.Closed.UnsafeRegister(
            static state => ThreadPool.UnsafeQueueUserWorkItem(static writer => writer.CancelPendingFlush(), (SseStreamWriter)state!, preferLocal: false),
            this);
        try
        {
            _output.Write(_frames.Retry);
            if (await FlushAsync().ConfigureAwait(false))
            {
                await StreamEventsAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (IsClientGone(exception))
        {
            SseLog.ClientGone(_logger);
            return;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The fan-out path never throws to its caller: record, end this stream, carry on.
            SseLog.WriteFailed(_logger, exception);
            _context.Abort();
            return;
        }

        finally
        {
            // From here a late cancel would only hit the goodbye flush (which retries), or once the response
            // completed, a completed writer (which throws) or the next request on this HTTP/1.1 connection.
            lock (_flushGate)
            {
                _streaming = false;
            }
        }

        if (_connection.ClosedBy is { } code && !_context.RequestAborted.IsCancellationRequested)
        {
            await SayGoodbyeAsync(code).ConfigureAwait(false);
        }
        else
        {
            SseLog.ClientGone(_logger);
        }
    }

    private void CancelPendingFlush()
    {
        lock (_flushGate)
        {
            if (_streaming)
            {
                _output.CancelPendingFlush();
            }
        }
    }

    private async Task StreamEventsAsync()
    {
        using var pingTimer = new PeriodicTimer(_options.PingInterval, _time);
        Task<bool>? ping = null;
        while (await DrainAsync().ConfigureAwait(false))
        {
            var ready = _connection.WaitToReadAsync(_context.RequestAborted);
            if (ready.IsCompletedSuccessfully)
            {
                if (!ready.Result)
                {
                    return;
                }

                continue;
            }

            // Nothing queued: wait for an event, writing pings meanwhile. One wait per idle period, not per event.
            var readable = ready.AsTask();
            while (true)
            {
                ping ??= pingTimer.WaitForNextTickAsync().AsTask();
                if (await Task.WhenAny(readable, ping).ConfigureAwait(false) == readable)
                {
                    break;
                }

                ping = null;
                _output.Write(SseFrames.Ping);
                if (!await FlushAsync().ConfigureAwait(false))
                {
                    return;
                }
            }

            if (!await readable.ConfigureAwait(false))
            {
                return;
            }
        }
    }

    // Writes every queued event, flushing each MaxBytesPerFlush bytes and once at the end. False when the
    // stream cannot go on (the connection closed, or the client left).
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

    // False when the flush was cancelled (the hub closed the connection) or the client is gone.
    private async ValueTask<bool> FlushAsync()
    {
        var result = await _output.FlushAsync().ConfigureAwait(false);
        return !result.IsCanceled && !result.IsCompleted;
    }

    // The final event: code, reason, whether to reconnect. A client that stopped reading has a full socket:
    // it gets DisconnectFlushTimeout, then the response is aborted (it reconnects and resumes either way).
    private async Task SayGoodbyeAsync(DisconnectCode code)
    {
        SseLog.ClosedByGateway(_logger, code);
        using var timeout = new CancellationTokenSource(_options.DisconnectFlushTimeout, _time);
        try
        {
            _output.Write(SseFrames.Disconnect(code));
            FlushResult result;
            do
            {
                // The close's CancelPendingFlush may land on this flush instead of an earlier one: flush again.
                result = await _output.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
            while (result.IsCanceled && !timeout.IsCancellationRequested);

            if (!result.IsCompleted && !timeout.IsCancellationRequested)
            {
                await _context.Response.CompleteAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // Timed out below.
        }
        catch (Exception exception) when (IsClientGone(exception))
        {
            SseLog.ClientGone(_logger);
            return;
        }

        if (timeout.IsCancellationRequested)
        {
            SseLog.DisconnectNotDelivered(_logger, code, _options.DisconnectFlushTimeout);
            _context.Abort();
        }
    }

    // Kestrel reports a vanished client as an aborted request (OperationCanceledException, ConnectionAbortedException)
    // or a reset socket (IOException, ConnectionResetException).
    private bool IsClientGone(Exception exception)
        => exception is IOException
            || (exception is OperationCanceledException && _context.RequestAborted.IsCancellationRequested);
}
