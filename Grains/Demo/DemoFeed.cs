using LiveDash.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveDash.Grains.Demo;

/// <summary>
/// A synthetic producer for trying LiveDash out (<c>LiveDash:Demo=true</c>): every second it records
/// a CPU load per host, a burst of request latencies per route and a queue depth, and every few
/// seconds scores a point in a demo match. It goes through the same grain calls a real producer
/// does, so what it shows is what the product does.
/// </summary>
public sealed class DemoFeed : BackgroundService
{
    private const string Board = "match-1";
    private static readonly string[] s_hosts = ["a", "b", "c"];
    private static readonly string[] s_routes = ["/api/v1/metrics", "/api/v1/stream"];
    private static readonly string[] s_teams = ["team-a", "team-b", "team-c", "team-d"];
    private static readonly TimeSpan s_tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromSeconds(10);
    private const int BoardEveryTicks = 3;

    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ILogger<DemoFeed> _logger;
    private readonly Random _random = new(20261123);
    private readonly double[] _cpuLoad = [0.35, 0.5, 0.65];
    private long _pointsSinceProgress;

    /// <summary>Creates the feed.</summary>
    public DemoFeed(IGrainFactory grains, TimeProvider time, ILogger<DemoFeed> logger)
    {
        _grains = grains;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DemoFeedLog.Started(_logger, "cpu.load, http.latency.ms, queue.depth", Board, BoardEveryTicks * s_tick);
        using var timer = new PeriodicTimer(s_tick, _time);
        var ticks = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                ticks++;
                try
                {
                    await RecordMetricsAsync(ticks, stoppingToken);
                    if (ticks % BoardEveryTicks == 0)
                    {
                        await ScoreAsync(stoppingToken);
                    }

                    if (ticks % (long)(s_progressInterval / s_tick) == 0)
                    {
                        await ReportProgressAsync(stoppingToken);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    DemoFeedLog.TickFailed(_logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task RecordMetricsAsync(long tick, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();

        var cpu = new MetricSample[s_hosts.Length];
        for (var i = 0; i < s_hosts.Length; i++)
        {
            // A bounded random walk: smooth enough to read on a chart.
            _cpuLoad[i] = Math.Clamp(_cpuLoad[i] + ((_random.NextDouble() - 0.5) * 0.08), 0.02, 0.98);
            cpu[i] = new MetricSample(Math.Round(_cpuLoad[i], 4), now, new Dictionary<string, string> { ["host"] = s_hosts[i] });
        }

        var latencies = new List<MetricSample>();
        foreach (var route in s_routes)
        {
            var tags = new Dictionary<string, string> { ["route"] = route };
            var count = 15 + _random.Next(10);
            for (var i = 0; i < count; i++)
            {
                // Log-normal latencies: a long tail, so p99 sits well above p50.
                var ms = Math.Exp(2.5 + (0.6 * NextGaussian()));
                latencies.Add(new MetricSample(Math.Round(ms, 3), now, tags));
            }
        }

        var depth = new MetricSample((tick % 30) * 4 + _random.Next(5), now, new Dictionary<string, string>());

        await Task.WhenAll(
            _grains.GetGrain<IMetricGrain>("cpu.load").RecordAsync(new MetricBatch(null, cpu), cancellationToken),
            _grains.GetGrain<IMetricGrain>("http.latency.ms").RecordAsync(new MetricBatch(null, latencies), cancellationToken),
            _grains.GetGrain<IMetricGrain>("queue.depth").RecordAsync(new MetricBatch(null, [depth]), cancellationToken));
        _pointsSinceProgress += cpu.Length + latencies.Count + 1;
    }

    private Task<TopicSnapshot<BoardSnapshot>> ScoreAsync(CancellationToken cancellationToken)
    {
        var team = s_teams[_random.Next(s_teams.Length)];
        var command = new BoardCommand(Title: "Demo match", Add: new Dictionary<string, long> { [team] = 1 });
        return _grains.GetGrain<IScoreboardGrain>(Board).ApplyAsync(command, cancellationToken);
    }

    private async Task ReportProgressAsync(CancellationToken cancellationToken)
    {
        var board = (await _grains.GetGrain<IScoreboardGrain>(Board).GetSnapshotAsync(cancellationToken)).Data;
        var leader = board.Entries.Count > 0 ? board.Entries[0] : new BoardEntry("nobody", 0, 0);
        DemoFeedLog.Progress(_logger, _pointsSinceProgress, s_progressInterval, _cpuLoad[0], Board, leader.Id, leader.Score);
        _pointsSinceProgress = 0;
    }

    private double NextGaussian()
    {
        // Box–Muller: two uniforms give one standard normal.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
