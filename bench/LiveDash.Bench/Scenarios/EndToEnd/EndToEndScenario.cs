using System.Diagnostics;
using System.Globalization;
using LiveDash.Bench.Framework;
using LiveDash.Bench.Hosting;
using LiveDash.Bench.Measuring;

namespace LiveDash.Bench.Scenarios.EndToEnd;

/// <summary>
/// Issue 7, scenario 4: points ingested at gateway A (<c>POST /api/v1/metrics</c>) → metric grains on
/// 3 silos (stored in PostgreSQL, then published on their topic streams) → gateway B → one SSE client
/// of gateway B; publish→receive latency per point at 1k and 10k points/s. Run twice: with the grains'
/// default publish coalescing (<c>PublishInterval</c> 50 ms) and with it at 0 (every change published
/// at once), each on its own fresh cluster.
/// </summary>
internal sealed class EndToEndScenario : IBenchScenario
{
    private const int Metrics = 10;
    // (points/s, batch interval). Batches every 100 ms: 100 or 1,000 points per batch; a metric changes
    // every 100 ms, longer than the 50 ms publish interval, so each change is published at once. Every
    // 10 ms (10 points per batch, one per metric): a metric changes 5 times per publish interval, so
    // the default coalesces and a point waits for its interval's end.
    private static readonly (int Rate, int BatchMs)[] s_loads = [(1_000, 100), (10_000, 100), (1_000, 10)];
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_minimumWarmup = TimeSpan.FromSeconds(3);

    public string Name => "e2e";

    public string Description => "ingest at gateway A -> SSE client at gateway B, 3 silos on PostgreSQL: latency p50/p99 at 1k and 10k points/s";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context)
    {
        var results = new List<BenchResult>();
        // The default, no coalescing, and no coalescing with grain state in silo memory instead of
        // PostgreSQL (not a product configuration for a cluster: it shows what the durable write costs).
        foreach (var (publishMs, memory) in new[] { (50, false), (0, false), (0, true) })
        {
            var variant = $"publish={publishMs}ms{(memory ? ", memory" : "")}";
            List<string> siloSettings = [$"LiveDash:Runtime:Streams:PublishInterval={TimeSpan.FromMilliseconds(publishMs):c}"];
            if (memory)
            {
                siloSettings.Add("LiveDash:Storage:Provider=memory");
            }

            context.Log.WriteLine($"e2e: starting PostgreSQL, 3 silos and 2 gateways ({variant})");
            await using var cluster = await BenchClusterProcesses.StartAsync(3, 2, siloSettings, [], context.Log, context.CancellationToken);
            foreach (var (rate, batchMs) in context.Quick ? s_loads[..1] : s_loads)
            {
                context.Log.WriteLine($"e2e: {variant}, rate={rate} points/s, a batch every {batchMs} ms");
                var metrics = Enumerable.Range(0, Metrics).Select(i => $"bench.e2e.r{rate}.b{batchMs}.m{i:00}").ToList();
                results.Add(await MeasureAsync(context, cluster, variant, rate, TimeSpan.FromMilliseconds(batchMs), metrics));
            }
        }

        return results;
    }

    private static async Task<BenchResult> MeasureAsync(BenchContext context, BenchClusterProcesses cluster, string variant, int rate, TimeSpan batchInterval, List<string> metrics)
    {
        var token = context.CancellationToken;
        var ledger = new PointLedger(metrics.Count);
        using var sender = new EndToEndSender(cluster.GatewayUrls[0], metrics, ledger, rate, batchInterval);
        await sender.PrimeAsync(token);
        await using var reader = await EndToEndSseReader.OpenAsync(cluster.GatewayUrls[1], metrics, ledger, token);
        await reader.AllSnapshots.WaitAsync(TimeSpan.FromSeconds(30), token);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var timedStart = long.MaxValue;
        var sending = Task.Run(() => sender.RunAsync(t => t >= Volatile.Read(ref timedStart) && !stop.IsCancellationRequested, stop.Token), token);

        // Activations, stream subscriptions and JIT on a fresh cluster take a few seconds: at least 3 s of
        // warm-up unless this is a --quick smoke run.
        await Task.Delay(context.Quick || context.Warmup >= s_minimumWarmup ? context.Warmup : s_minimumWarmup, token);
        var cpuBefore = ServerCpu(cluster);
        var pgBefore = cluster.PostgresCpuTime();
        var started = Stopwatch.GetTimestamp();
        Volatile.Write(ref timedStart, started);
        ledger.StartTimed(started);
        await Task.Delay(context.Duration, token);
        var ended = Stopwatch.GetTimestamp();
        ledger.EndTimed(ended);
        var cpu = ServerCpu(cluster) - cpuBefore;
        var pgCpu = cluster.PostgresCpuTime() - pgBefore;
        await stop.CancelAsync();
        await sending;

        // The timed window's last points are still on their way: wait for them, within reason.
        await ledger.SendingEndedAsync().WaitAsync(s_drainTimeout, token).ContinueWith(_ => { }, TaskScheduler.Default);

        await reader.DisposeAsync();
        var window = Stopwatch.GetElapsedTime(started, ended);
        if (sender.Failures > 0)
        {
            context.Log.WriteLine($"  WARNING: {sender.Failures} batches failed; first: {sender.FirstFailure}");
        }

        if (ledger.TimedDelivered < ledger.TimedSent)
        {
            context.Log.WriteLine($"  WARNING: {ledger.TimedSent - ledger.TimedDelivered} of {ledger.TimedSent} points sent in the window did not arrive within {s_drainTimeout.TotalSeconds} s");
        }

        var latency = ledger.Latency;
        var ack = sender.AckLatency;
        return new BenchResult(
            "e2e",
            variant,
            $"rate={rate}, batch={batchInterval.TotalMilliseconds}ms",
            IsBaseline: false,
            ledger.TimedSent / window.TotalSeconds,
            double.NaN,
            [
                new BenchColumn("p50 ms", Milliseconds(latency.PercentileMicroseconds(0.50))),
                new BenchColumn("p99 ms", Milliseconds(latency.PercentileMicroseconds(0.99))),
                new BenchColumn("p999 ms", Milliseconds(latency.PercentileMicroseconds(0.999))),
                new BenchColumn("ack p50 ms", Milliseconds(ack.PercentileMicroseconds(0.50))),
                new BenchColumn("ack p99 ms", Milliseconds(ack.PercentileMicroseconds(0.99))),
                new BenchColumn("events/s", (ledger.TimedEvents / window.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture)),
                new BenchColumn("delivered", ledger.TimedSent == 0 ? "-" : (100.0 * ledger.TimedDelivered / ledger.TimedSent).ToString("0.0", CultureInfo.InvariantCulture) + " %"),
                new BenchColumn("srv CPU %", (100 * cpu.TotalSeconds / window.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)),
                new BenchColumn("pg CPU %", (100 * pgCpu.TotalSeconds / window.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)),
                new BenchColumn("failed", sender.Failures.ToString(CultureInfo.InvariantCulture)),
            ]);
    }

    private static TimeSpan ServerCpu(BenchClusterProcesses cluster) =>
        cluster.ProcessIds.Aggregate(TimeSpan.Zero, (sum, pid) => sum + ProcessMeter.CpuTime(pid));

    private static string Milliseconds(double microseconds) =>
        double.IsNaN(microseconds) ? "-" : (microseconds / 1000).ToString(microseconds < 10_000 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
