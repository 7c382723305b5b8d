using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using LiveDash.Bench.Measuring;

namespace LiveDash.Bench.Scenarios.EndToEnd;

/// <summary>
/// Open-loop ingest at a fixed rate: a JSON batch every batch interval to gateway A, each
/// carrying rate × interval points spread evenly over the row's metrics, whatever the answers do (a
/// closed loop would slow down with the system and hide its latency). A batch late on its schedule
/// is sent at once, so the rate holds on average. Each point's value is its send time
/// (<see cref="PointLedger.ToValue"/>); the acknowledgement's latency is recorded too.
/// </summary>
internal sealed class EndToEndSender : IDisposable
{
    private static long s_nextBatchId = DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1_000_000;

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri _url;
    private readonly IReadOnlyList<string> _metrics;
    private readonly PointLedger _ledger;
    private readonly int _pointsPerMetric;
    private readonly TimeSpan _batchInterval;
    private readonly LatencyHistogram _ackLatency = new();
    private readonly List<Task> _inFlight = [];
    private long _failures;
    private string? _firstFailure;

    public EndToEndSender(Uri gateway, IReadOnlyList<string> metrics, PointLedger ledger, int pointsPerSecond, TimeSpan batchInterval)
    {
        _url = new Uri(gateway, "api/v1/metrics");
        _metrics = metrics;
        _ledger = ledger;
        _batchInterval = batchInterval;
        var perBatch = pointsPerSecond * batchInterval.TotalSeconds;
        _pointsPerMetric = Math.Max(1, (int)Math.Round(perBatch / metrics.Count));
    }

    public int PointsPerBatch => _pointsPerMetric * _metrics.Count;

    public long Failures => Interlocked.Read(ref _failures);

    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>Acknowledgement latency of batches sent in the timed window (read after <see cref="RunAsync"/> returned).</summary>
    public LatencyHistogram AckLatency => _ackLatency;

    /// <summary>Sends one batch with one point per metric and waits for its answer (creates the topics before a client subscribes).</summary>
    public async Task PrimeAsync(CancellationToken cancellationToken)
    {
        var (body, _) = Build(Stopwatch.GetTimestamp(), pointsPerMetric: 1, record: false);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(_url, content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"priming batch answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>Sends on schedule until <paramref name="stop"/> is cancelled, then waits for the answers still due.</summary>
    public async Task RunAsync(Func<long, bool> isTimed, CancellationToken stop)
    {
        var interval = (long)(_batchInterval.TotalSeconds * Stopwatch.Frequency);
        var due = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var sent = Stopwatch.GetTimestamp();
            var (body, _) = Build(sent, _pointsPerMetric, record: true);
            _inFlight.Add(PostAsync(body, sent, isTimed(sent)));
            due += interval;
            if (_inFlight.Count >= 256)
            {
                _inFlight.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(_inFlight);
    }

    public void Dispose() => _http.Dispose();

    private (string Body, int Points) Build(long sent, int pointsPerMetric, bool record)
    {
        var value = record ? _ledger.ToValue(sent).ToString(CultureInfo.InvariantCulture) : "0";
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder(64 + (_metrics.Count * pointsPerMetric * 64));
        text.Append("{\"batchId\":\"e2e-").Append(Interlocked.Increment(ref s_nextBatchId)).Append("\",\"points\":[");
        var first = true;
        for (var m = 0; m < _metrics.Count; m++)
        {
            for (var i = 0; i < pointsPerMetric; i++)
            {
                text.Append(first ? "" : ",").Append("{\"metric\":\"").Append(_metrics[m]).Append("\",\"value\":").Append(value).Append(",\"ts\":").Append(ts).Append('}');
                first = false;
            }

            if (record)
            {
                _ledger.Sent(m, sent, pointsPerMetric);
            }
        }

        text.Append("]}");
        return (text.ToString(), _metrics.Count * pointsPerMetric);
    }

    private async Task PostAsync(string body, long sent, bool timed)
    {
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(_url, content);
            var answer = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Fail($"{(int)response.StatusCode} {answer}");
            }
            else if (timed)
            {
                var elapsed = Stopwatch.GetTimestamp() - sent;
                lock (_ackLatency)
                {
                    _ackLatency.Record(elapsed);
                }
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Fail(exception.Message);
        }
    }

    private void Fail(string what)
    {
        Interlocked.Increment(ref _failures);
        Interlocked.CompareExchange(ref _firstFailure, what.Length > 300 ? what[..300] : what, null);
    }
}
