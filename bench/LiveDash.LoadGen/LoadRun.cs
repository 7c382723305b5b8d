using System.Diagnostics;
using System.Net;
using LiveDash.LoadGen.Clients;
using LiveDash.LoadGen.Measuring;

namespace LiveDash.LoadGen;

/// <summary>
/// One run: connect every client (bounded concurrency, sources round-robin), warm up, record the
/// timed window, then close everything. Each client is two awaits in a row (open, receive loop) on
/// the thread pool; the process holds no thread per connection.
/// </summary>
internal sealed class LoadRun
{
    private static readonly TimeSpan s_keepAliveInterval = TimeSpan.FromSeconds(10);

    private readonly LoadGenOptions _options;
    private readonly DeliveryRecorder _recorder = new();
    private readonly LoadClient[] _clients;
    private readonly TaskCompletionSource _allSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allLive = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _connectDone;
    private int _settled;
    private int _connected;
    private int _failed;
    private int _closedByServer;
    private string? _firstError;

    public LoadRun(LoadGenOptions options)
    {
        _options = options;
        _clients = new LoadClient[options.Clients];
        _recorder.ClientWentLive = CheckAllLive;
        _recorder.OnlyPublishedInWindow = options.CountPublishedInWindow;
        for (var i = 0; i < _clients.Length; i++)
        {
            _clients[i] = options.Transport == TransportKind.Sse
                ? new SseClient(_recorder, options.TimestampKey)
                : new WebSocketClient(_recorder, options.Transport == TransportKind.SignalR, options.Hello, options.TimestampKey);
        }
    }

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var connectGate = new SemaphoreSlim(_options.ConnectConcurrency);
        var sources = Enumerable.Range(_options.FirstSource, _options.Sources).Select(i => new IPAddress([127, 0, 0, (byte)i])).ToArray();

        var connectClock = Stopwatch.StartNew();
        var tasks = new Task[_clients.Length];
        for (var i = 0; i < _clients.Length; i++)
        {
            tasks[i] = RunClientAsync(_clients[i], sources[i % sources.Length], connectGate, stop.Token);
        }

        await _allSettled.Task.WaitAsync(_options.ConnectTimeout, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        var connectSeconds = connectClock.Elapsed.TotalSeconds;
        Log($"connected {Volatile.Read(ref _connected)} of {_clients.Length} in {connectSeconds:0.0} s (failed {Volatile.Read(ref _failed)})");
        if (_firstError is not null)
        {
            Log($"first failure: {_firstError}");
        }

        if (_options.WaitLive > TimeSpan.Zero)
        {
            // A client counts as connected at its response head; it is live once its first event (the topic's
            // snapshot) arrived, which a busy server may write much later. Waiting here keeps that first event
            // out of the window and says how long the server took to make every stream live.
            _connectDone = true;
            CheckAllLive();
            await _allLive.Task.WaitAsync(_options.WaitLive, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            Log($"live {_recorder.LiveClients} of {Volatile.Read(ref _connected)} in {connectClock.Elapsed.TotalSeconds:0.0} s");
        }

        var keepAlive = KeepAliveLoopAsync(stop.Token);
        var window = TimeSpan.Zero;
        var closedBeforeWindow = 0;
        Stopwatch? windowClock = null;
        try
        {
            await Task.Delay(_options.Warmup, cancellationToken);
            closedBeforeWindow = Volatile.Read(ref _closedByServer);
            Log("measuring");
            windowClock = Stopwatch.StartNew();
            _recorder.Start();
            await Task.Delay(_options.Duration, cancellationToken);
            _recorder.Stop();
            window = windowClock.Elapsed;
            Log("measured");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _recorder.Stop();
            window = windowClock?.Elapsed ?? TimeSpan.Zero;
            Log("cancelled; closing");
        }

        // Closing: cancel the loops, close every socket (reset, no TIME_WAIT), wait a bounded time.
        await stop.CancelAsync();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        await keepAlive.ContinueWith(_ => { }, TaskScheduler.Default);

        return new LoadResult(
            _options,
            Volatile.Read(ref _connected),
            Volatile.Read(ref _failed),
            _firstError,
            connectSeconds,
            window,
            _recorder.Merge(),
            Volatile.Read(ref _closedByServer) - closedBeforeWindow,
            Process.GetCurrentProcess().Threads.Count,
            PerClientDeliveries(),
            _recorder.OutsideWindow);
    }

    /// <summary>
    /// How many connected clients received how many events in the window (count → clients), read after the
    /// loops stopped: a publisher that sent E events expects one entry, E → every client connected.
    /// </summary>
    private SortedDictionary<long, int> PerClientDeliveries()
    {
        var histogram = new SortedDictionary<long, int>();
        foreach (var client in _clients)
        {
            if (client.Opened)
            {
                histogram[client.WindowDeliveries] = histogram.GetValueOrDefault(client.WindowDeliveries) + 1;
            }
        }

        return histogram;
    }

    private async Task RunClientAsync(LoadClient client, IPAddress source, SemaphoreSlim connectGate, CancellationToken cancellationToken)
    {
        try
        {
            await connectGate.WaitAsync(cancellationToken);
            try
            {
                await client.OpenAsync(_options.Server, source, _options.Url, cancellationToken);
            }
            finally
            {
                connectGate.Release();
            }
        }
        catch (Exception e)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.CompareExchange(ref _firstError, $"{e.GetType().Name}: {e.Message} (from {source})", null);
                Interlocked.Increment(ref _failed);
            }

            Settle();
            return;
        }

        Interlocked.Increment(ref _connected);
        Settle();
        try
        {
            await client.ReceiveAsync(cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception)
        {
            // Reset or aborted by the server: counted like a close.
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _closedByServer);
        }
    }

    // Called by the connect phase once it is over and by every client's first event: whichever comes last completes the wait.
    private void CheckAllLive()
    {
        if (_connectDone && _recorder.LiveClients >= Volatile.Read(ref _connected))
        {
            _allLive.TrySetResult();
        }
    }

    private void Settle()
    {
        if (Interlocked.Increment(ref _settled) == _clients.Length)
        {
            _allSettled.TrySetResult();
        }
    }

    private async Task KeepAliveLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(s_keepAliveInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var client in _clients)
            {
                try
                {
                    await client.KeepAliveAsync(cancellationToken);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // A closed client is counted by its receive loop.
                }
            }
        }
    }

    private static void Log(string message) => Console.Error.WriteLine($"loadgen: {message}");
}
