using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using LiveDash.Bench.Measuring;

namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>
/// The gateway's publisher: the gateway has no in-process publish hook, so the bench writes one point
/// per tick to one metric through the public ingest API (<c>POST /api/v1/metrics</c>, keep-alive
/// connections), at the rate the baselines publish by themselves. The point's value is the publish time
/// in Unix µs (taken just before the request is sent), so the event's series <c>"last"</c> carries it
/// and the load generator measures publish→client latency as for the baselines' <c>"ts"</c>. That
/// latency therefore includes the ingest path (HTTP request, the metric grain storing the point, the
/// grain's stream publish); <see cref="IngestLatency"/> is the request's own round trip, for reading it.
/// </summary>
internal sealed class MetricPublisher : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string _metric;
    private readonly CancellationTokenSource _stop = new();
    private readonly LatencyHistogram _ingest = new();
    private Task _loop = Task.CompletedTask;
    private long _published;
    private long _failed;

    private MetricPublisher(Uri gateway, string metric)
    {
        _http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(10) };
        _metric = metric;
    }

    public long Published => Interlocked.Read(ref _published);

    /// <summary>Writes that failed, or were skipped because 8 were already in flight.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>
    /// Writes a first point (a topic nothing was written to answers 404 to subscribers), retrying until
    /// the gateway accepts it, then publishes <paramref name="eventsPerSecond"/> points a second until
    /// disposed (0: only the first point).
    /// </summary>
    public static async Task<MetricPublisher> StartAsync(Uri gateway, string metric, double eventsPerSecond, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        var publisher = new MetricPublisher(gateway, metric);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await publisher.PublishAsync(cancellationToken);
                break;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && deadline.Elapsed < readyTimeout && !cancellationToken.IsCancellationRequested)
            {
                // The gateway listens before its silo is up: retry until the first write is stored.
                await Task.Delay(200, cancellationToken);
            }
        }

        if (eventsPerSecond > 0)
        {
            publisher._loop = publisher.RunAsync(TimeSpan.FromSeconds(1 / eventsPerSecond));
        }

        return publisher;
    }

    /// <summary>Round trips of the publishing requests so far (ingest latency), as a copy.</summary>
    public LatencyHistogram IngestLatency
    {
        get
        {
            var copy = new LatencyHistogram();
            lock (_ingest)
            {
                copy.Add(_ingest);
            }

            return copy;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
        _http.Dispose();
    }

    // Each tick starts a write without waiting for the previous one (up to MaxInFlight), so a slow ingest
    // path delays events rather than publishing fewer: the offered rate stays the baselines'.
    private async Task RunAsync(TimeSpan period)
    {
        const int MaxInFlight = 8;
        using var timer = new PeriodicTimer(period);
        var inFlight = new List<Task>();
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count < MaxInFlight)
                {
                    inFlight.Add(PublishOrCountAsync());
                }
                else
                {
                    Interlocked.Increment(ref _failed);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }

        await Task.WhenAll(inFlight);
    }

    private async Task PublishOrCountAsync()
    {
        try
        {
            await PublishAsync(_stop.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // A gateway being restarted (storm) refuses writes for a while: counted, not fatal.
            if (!_stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var value = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
        var body = string.Create(CultureInfo.InvariantCulture, $"{{\"points\":[{{\"metric\":\"{_metric}\",\"value\":{value}}}]}}");
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await _http.PostAsync("/api/v1/metrics", content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /api/v1/metrics answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        lock (_ingest)
        {
            _ingest.Record(Stopwatch.GetTimestamp() - started);
        }

        Interlocked.Increment(ref _published);
    }
}
