using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LiveDash.LoadGen.Measuring;

namespace LiveDash.LoadGen.Resume;

/// <summary>
/// An SSE client that behaves like the dashboard's transport when its stream drops: it reconnects
/// after an exponential backoff (1 s, 2 s, 4 s … up to a cap, each ±10 % jitter; reset once a stream
/// is open), sending <c>Last-Event-ID</c> with the last <c>id:</c> it received, and checks that the
/// topic's <c>seq</c> stays continuous across the reconnect: every update after the last one it had,
/// none missing, none twice. A snapshot with <c>"recovered":false</c> or a <c>reset</c> counts as a
/// gap (the missed updates were replaced, not delivered). One topic per client. Events run on the
/// client's own receive loop, so its state needs no lock; what the run sums is read after it stops.
/// </summary>
internal sealed class ResumingSseClient : ISseEventHandler
{
    private const int BufferSize = 2048;
    private const double Jitter = 0.10;

    private static readonly TimeSpan s_backoffBase = TimeSpan.FromSeconds(1);

    private readonly StormRun _run;
    private readonly IPAddress _source;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly SseEventParser _parser;
    private ChunkedDecoder? _chunked;
    private bool _hasSeq;
    private long _lastSeq;
    private bool _started;
    private long _droppedAt;

    public ResumingSseClient(StormRun run, IPAddress source)
    {
        _run = run;
        _source = source;
        _parser = new SseEventParser(this);
    }

    /// <summary>Updates never received (a later seq arrived first), summed over every reconnect.</summary>
    public long Missing { get; private set; }

    public long Duplicates { get; private set; }

    public int UnrecoveredSnapshots { get; private set; }

    public int RecoveredSnapshots { get; private set; }

    public int Resets { get; private set; }

    public int DisconnectEvents { get; private set; }

    /// <summary>An update before any snapshot (the stream's contract says a snapshot comes first).</summary>
    public int ProtocolErrors { get; private set; }

    public int Attempts { get; private set; }

    public int FailedAttempts { get; private set; }

    public int Drops { get; private set; }

    public int Resumes { get; private set; }

    public bool HasGap => Missing > 0 || UnrecoveredSnapshots > 0 || Resets > 0;

    public async Task RunAsync(IPEndPoint server, Uri url, SemaphoreSlim firstConnectGate, TimeSpan backoffMax, CancellationToken cancellationToken)
    {
        var failuresInARow = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var open = false;
            using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                // Reset on close: no TIME_WAIT piles up on the client's ports.
                socket.NoDelay = true;
                socket.LingerState = new LingerOption(enable: true, seconds: 0);
                var gated = !_started;
                try
                {
                    Attempts++;
                    if (gated)
                    {
                        // Only the initial connects are paced (the server's accept queue); a storm is not.
                        await firstConnectGate.WaitAsync(cancellationToken);
                    }

                    int leftoverStart, leftoverEnd;
                    try
                    {
                        socket.Bind(new IPEndPoint(_source, 0));
                        await socket.ConnectAsync(server, cancellationToken);
                        (leftoverStart, leftoverEnd) = await HandshakeAsync(socket, url, cancellationToken);
                    }
                    finally
                    {
                        if (gated)
                        {
                            firstConnectGate.Release();
                        }
                    }

                    open = true;
                    failuresInARow = 0;
                    _parser.ResetConnection();
                    var more = Feed(_buffer.AsSpan(leftoverStart, leftoverEnd - leftoverStart));
                    while (more)
                    {
                        var read = await socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken);
                        more = read > 0 && Feed(_buffer.AsSpan(0, read));
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is SocketException or IOException)
                {
                    if (!open)
                    {
                        FailedAttempts++;
                        _run.OnFailedAttempt(e.Message);
                    }
                }
            }

            if (_started && _droppedAt == 0)
            {
                // A stream that had delivered ended: the storm reached this client.
                _droppedAt = Stopwatch.GetTimestamp();
                Drops++;
                _run.OnDropped(_droppedAt);
            }

            var delay = Backoff(open ? 0 : failuresInARow++, backoffMax);
            await Task.Delay(delay, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public void OnEvent(SseEventKind kind, long seq, bool unrecovered)
    {
        switch (kind)
        {
            case SseEventKind.Disconnect:
                DisconnectEvents++;
                return;
            case SseEventKind.Reset:
                Resets++;
                _hasSeq = false;
                return;
            case SseEventKind.Snapshot when !_hasSeq:
                (_hasSeq, _lastSeq) = (true, seq);
                break;
            case SseEventKind.Snapshot:
                if (unrecovered)
                {
                    UnrecoveredSnapshots++;
                }
                else
                {
                    RecoveredSnapshots++;
                    Duplicates += seq < _lastSeq ? 1 : 0;
                }

                _lastSeq = seq;
                break;
            case SseEventKind.Update when !_hasSeq:
                ProtocolErrors++;
                (_hasSeq, _lastSeq) = (true, seq);
                break;
            case SseEventKind.Update when seq == _lastSeq + 1:
                _lastSeq = seq;
                break;
            case SseEventKind.Update when seq <= _lastSeq:
                Duplicates++;
                break;
            case SseEventKind.Update:
                Missing += seq - _lastSeq - 1;
                _lastSeq = seq;
                break;
            default:
                return;
        }

        if (!_started)
        {
            _started = true;
            _run.OnFirstEvent();
        }
        else if (_droppedAt != 0)
        {
            // The first event after a drop: this client is back, with continuity checked.
            var now = Stopwatch.GetTimestamp();
            var droppedAt = _droppedAt;
            _droppedAt = 0;
            Resumes++;
            _run.OnResumed(droppedAt, now, firstResume: Resumes == 1);
        }
    }

    /// <summary>1 s × 2^failures, capped, ±10 % uniform jitter (what the dashboard's transport does).</summary>
    private static TimeSpan Backoff(int failures, TimeSpan max)
    {
        var nominal = Math.Min(max.TotalSeconds, s_backoffBase.TotalSeconds * Math.Pow(2, Math.Min(failures, 16)));
        return TimeSpan.FromSeconds(nominal * (1 + (Jitter * ((2 * Random.Shared.NextDouble()) - 1))));
    }

    /// <summary>Sends the GET (with <c>Last-Event-ID</c> once there is one) and reads a 200 head; returns the body bytes already read.</summary>
    private async Task<(int Start, int End)> HandshakeAsync(Socket socket, Uri url, CancellationToken cancellationToken)
    {
        var lastId = _parser.LastId.IsEmpty ? "" : $"Last-Event-ID: {_parser.LastIdText}\r\n";
        var request = Encoding.ASCII.GetBytes(
            $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n{lastId}\r\n");
        for (var sent = 0; sent < request.Length;)
        {
            sent += await socket.SendAsync(request.AsMemory(sent), SocketFlags.None, cancellationToken);
        }

        var received = 0;
        int headLength;
        while ((headLength = EndOfHead(_buffer.AsSpan(0, received))) < 0)
        {
            if (received == _buffer.Length)
            {
                throw new IOException($"the response head is longer than {_buffer.Length} bytes.");
            }

            var read = await socket.ReceiveAsync(_buffer.AsMemory(received), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new IOException("the server closed the connection before the response head.");
            }

            received += read;
        }

        var head = Encoding.ASCII.GetString(_buffer, 0, headLength);
        if (!head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
        {
            throw new IOException($"expected HTTP/1.1 200, got '{head.Split('\r', 2)[0]}'.");
        }

        _chunked = head.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase) ? new ChunkedDecoder(_parser) : null;
        return (headLength, received);
    }

    /// <summary>False when the body ended or is malformed.</summary>
    private bool Feed(ReadOnlySpan<byte> bytes)
    {
        if (_chunked is null)
        {
            _parser.Feed(bytes, 0);
            return true;
        }

        return _chunked.Feed(bytes, 0) && !_chunked.IsFinished;
    }

    private static int EndOfHead(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf("\r\n\r\n"u8);
        return end < 0 ? -1 : end + 4;
    }
}
