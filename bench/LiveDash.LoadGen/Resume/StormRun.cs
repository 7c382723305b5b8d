using System.Diagnostics;
using System.Net;
using LiveDash.Bench.Measuring;

namespace LiveDash.LoadGen.Resume;

/// <summary>
/// <c>--mode storm</c>: N <see cref="ResumingSseClient"/>s connect and take their first event
/// (<c>loadgen: connected …</c>); after the warm-up the run says <c>loadgen: measuring</c>, and the
/// bench drops every stream at once (it restarts the gateway). The run then waits until every client
/// that was connected has resumed — reconnected and received its next event, continuity checked —
/// or the storm timeout passes, keeps checking for a short tail, says <c>loadgen: measured</c> and
/// prints one JSON line (<see cref="StormResult"/>).
/// </summary>
internal sealed class StormRun
{
    private static readonly TimeSpan s_tail = TimeSpan.FromSeconds(2);

    private readonly LoadGenOptions _options;
    private readonly ResumingSseClient[] _clients;
    private readonly TaskCompletionSource _allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allResumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LatencyHistogram _resumeTimes = new();
    private int _started;
    private int _connectedAtStorm = int.MaxValue;
    private int _droppedClients;
    private int _resumedClients;
    private long _firstDrop;
    private long _lastResume;
    private string? _firstError;

    public StormRun(LoadGenOptions options)
    {
        _options = options;
        var sources = Enumerable.Range(options.FirstSource, options.Sources).Select(i => new IPAddress([127, 0, 0, (byte)i])).ToArray();
        _clients = Enumerable.Range(0, options.Clients).Select(i => new ResumingSseClient(this, sources[i % sources.Length])).ToArray();
    }

    public async Task<StormResult> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var connectGate = new SemaphoreSlim(_options.ConnectConcurrency);
        var connectClock = Stopwatch.StartNew();
        var tasks = _clients.Select(c => Task.Run(() => c.RunAsync(_options.Server, _options.Url, connectGate, _options.BackoffMax, stop.Token), CancellationToken.None)).ToArray();

        await _allStarted.Task.WaitAsync(_options.ConnectTimeout, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        var connected = Volatile.Read(ref _started);
        var connectSeconds = connectClock.Elapsed.TotalSeconds;
        Log($"connected {connected} of {_clients.Length} in {connectSeconds:0.0} s (first event received)");

        var stormSeconds = 0.0;
        var timedOut = false;
        try
        {
            await Task.Delay(_options.Warmup, cancellationToken);
            Volatile.Write(ref _connectedAtStorm, Volatile.Read(ref _started));
            CheckAllResumed();
            Log("measuring");
            var stormClock = Stopwatch.StartNew();
            try
            {
                await _allResumed.Task.WaitAsync(_options.StormTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                timedOut = true;
            }

            stormSeconds = stormClock.Elapsed.TotalSeconds;
            Log(timedOut ? "storm timeout: not every client resumed" : "every client resumed; checking continuity for a tail");
            await Task.Delay(s_tail, cancellationToken);
            Log("measured");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log("cancelled; closing");
        }

        await stop.CancelAsync();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);

        LatencyHistogram resumeTimes;
        lock (_resumeTimes)
        {
            resumeTimes = new LatencyHistogram();
            resumeTimes.Add(_resumeTimes);
        }

        var firstDrop = Interlocked.Read(ref _firstDrop);
        var lastResume = Interlocked.Read(ref _lastResume);
        return new StormResult(
            _options,
            connected,
            connectSeconds,
            Volatile.Read(ref _connectedAtStorm) == int.MaxValue ? connected : Volatile.Read(ref _connectedAtStorm),
            Volatile.Read(ref _droppedClients),
            Volatile.Read(ref _resumedClients),
            timedOut,
            stormSeconds,
            firstDrop == 0 || lastResume == 0 ? double.NaN : Stopwatch.GetElapsedTime(firstDrop, lastResume).TotalSeconds,
            resumeTimes,
            _clients,
            _firstError,
            Environment.ProcessorCount);
    }

    public void OnFirstEvent()
    {
        if (Interlocked.Increment(ref _started) == _clients.Length)
        {
            _allStarted.TrySetResult();
        }
    }

    public void OnDropped(long droppedAt)
    {
        Interlocked.CompareExchange(ref _firstDrop, droppedAt, 0);
        Interlocked.Increment(ref _droppedClients);
    }

    public void OnResumed(long droppedAt, long resumedAt, bool firstResume)
    {
        lock (_resumeTimes)
        {
            _resumeTimes.Record(resumedAt - droppedAt);
            if (resumedAt > _lastResume)
            {
                _lastResume = resumedAt;
            }
        }

        if (firstResume)
        {
            Interlocked.Increment(ref _resumedClients);
            CheckAllResumed();
        }
    }

    public void OnFailedAttempt(string message) => Interlocked.CompareExchange(ref _firstError, message, null);

    private void CheckAllResumed()
    {
        var connected = Volatile.Read(ref _connectedAtStorm);
        if (connected != int.MaxValue && Volatile.Read(ref _resumedClients) >= connected)
        {
            _allResumed.TrySetResult();
        }
    }

    private static void Log(string message) => Console.Error.WriteLine($"loadgen: {message}");
}
