using System.Globalization;
using LiveDash.Bench.Framework;
using LiveDash.Bench.Hosting;
using LiveDash.Bench.Measuring;

namespace LiveDash.Bench.Scenarios.Ingest;

/// <summary>
/// Issue 7, scenario 3: points/s through <c>POST /api/v1/metrics</c> — JSON batches of 1,000 points and
/// line-protocol batches of 1,000 lines — with durable acknowledgements, on 1 gateway + 2 silos as
/// separate processes on a throwaway PostgreSQL, against a Kestrel endpoint that only reads and parses
/// the same bodies with the gateway's own code (<c>bench/LiveDash.Baselines/ParseOnly</c>).
/// </summary>
internal sealed class IngestScenario : IBenchScenario
{
    private const int PointsPerBatch = 1_000;
    private const int Metrics = 50;
    private const int Hosts = 4;
    // Batches in flight. A durable write is latency-bound (a grain stores before it answers, a silo's
    // writes share one group commit at a time), so throughput grows with concurrency until the CPU is
    // the limit: two levels show both regimes.
    private static readonly int[] s_senders = [8, 32];
    private static readonly bool[] s_formats = [true, false];

    // The gateway's per-key write limit (default 200 requests/s, burst 400) would cap this load test at
    // 200k points/s and answer 429 past it: raised far above what the machine can send, not switched
    // off, so the limiter's work stays in the measured path.
    private static readonly string[] s_gatewaySettings =
    [
        "LiveDash:Gateway:Ingest:RequestsPerSecondPerKey=1000000",
        "LiveDash:Gateway:Ingest:BurstRequestsPerKey=1000000",
    ];

    public string Name => "ingest";

    public string Description => "points/s via POST /api/v1/metrics (JSON, line protocol; 1,000 points/batch), 1 gateway + 2 silos on PostgreSQL, vs parse-only";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context)
    {
        var results = new List<BenchResult>();
        context.Log.WriteLine("ingest: starting the parse-only baseline, then two clusters of PostgreSQL, 2 silos and 1 gateway (grain state in PostgreSQL; in silo memory)");
        await using var baseline = await ParseOnlyServer.StartAsync(context.Log, context.CancellationToken);
        await using var cluster = await BenchClusterProcesses.StartAsync(2, 1, [], s_gatewaySettings, context.Log, context.CancellationToken);
        var gatewayUrl = new Uri(cluster.GatewayUrls[0], "api/v1/metrics");

        // The same cluster with grain state in silo memory (membership still in PostgreSQL): splits what
        // the cluster costs from what the durable write costs. Not the product's cluster configuration.
        await using var memoryCluster = await BenchClusterProcesses.StartAsync(2, 1, ["LiveDash:Storage:Provider=memory"], s_gatewaySettings, context.Log, context.CancellationToken);
        var memoryGatewayUrl = new Uri(memoryCluster.GatewayUrls[0], "api/v1/metrics");

        foreach (var json in s_formats)
        {
            var format = json ? "json" : "line";
            foreach (var senders in context.Quick ? s_senders[..1] : s_senders)
            {
                // Fresh metric names per row: a metric grain rewrites its whole state on every write, and
                // that state grows with the batch ids it remembers (up to 4,096, 10 minutes), so grains
                // reused from an earlier row would make later rows slower for that reason alone.
                var template = IngestBodyTemplate.Create(json, PointsPerBatch, Metrics, Hosts, $"bench.ingest.{format}{senders}");
                var parameters = $"{format}, senders={senders}";
                context.Log.WriteLine($"ingest: parse-only, {parameters} ({template.Length:N0} bytes per batch)");
                var parse = await MeasureAsync(context, baseline.Url, template, senders, [baseline.ProcessId], postgres: null);
                results.Add(parse.ToResult("parse-only", parameters, baseline: null));

                context.Log.WriteLine($"ingest: gateway+2 silos, {parameters}");
                var ingest = await MeasureAsync(context, gatewayUrl, template, senders, [.. cluster.ProcessIds], cluster);
                results.Add(ingest.ToResult("gateway+2silos", parameters, baseline: parse));

                context.Log.WriteLine($"ingest: gateway+2 silos, state in memory, {parameters}");
                var memory = await MeasureAsync(context, memoryGatewayUrl, template, senders, [.. memoryCluster.ProcessIds], memoryCluster);
                results.Add(memory.ToResult("memory-state", parameters, baseline: parse));
            }
        }

        return results;
    }

    private static async Task<IngestMeasurement> MeasureAsync(BenchContext context, Uri url, IngestBodyTemplate template, int senders, IReadOnlyList<int> serverProcesses, BenchClusterProcesses? postgres)
    {
        using var sender = new IngestSender(url, template, senders);
        var cpuBefore = TimeSpan.Zero;
        var cpuAfter = TimeSpan.Zero;
        var pgBefore = TimeSpan.Zero;
        var pgAfter = TimeSpan.Zero;
        var measurement = await ThroughputMeter.MeasureAsync(
            context,
            senders,
            worker => sender.RunAsync(worker, context.CancellationToken),
            phase =>
            {
                if (phase == MeasurementPhase.Timed)
                {
                    cpuBefore = ServerCpu(serverProcesses);
                    pgBefore = postgres?.PostgresCpuTime() ?? TimeSpan.Zero;
                }
                else if (phase == MeasurementPhase.Stopped && cpuAfter == TimeSpan.Zero)
                {
                    cpuAfter = ServerCpu(serverProcesses);
                    pgAfter = postgres?.PostgresCpuTime() ?? TimeSpan.Zero;
                }
            });

        if (sender.Failures > 0)
        {
            context.Log.WriteLine($"  WARNING: {sender.Failures} batches failed; first: {sender.FirstFailure}");
        }

        return new IngestMeasurement(measurement, template.Points, cpuAfter - cpuBefore, postgres is null ? null : pgAfter - pgBefore, sender.Failures);
    }

    private static TimeSpan ServerCpu(IReadOnlyList<int> processes) =>
        processes.Aggregate(TimeSpan.Zero, (sum, pid) => sum + ProcessMeter.CpuTime(pid));

    /// <summary>One row's figures: batches are the measured operations, points = batches × batch size.</summary>
    private sealed record IngestMeasurement(Measurement Batches, int PointsPerBatch, TimeSpan ServerCpu, TimeSpan? PostgresCpu, long Failures)
    {
        public double PointsPerSecond => Batches.OperationsPerSecond * PointsPerBatch;

        /// <summary>Server CPU (with PostgreSQL's, when measured) per point, µs.</summary>
        public double CpuMicrosecondsPerPoint
        {
            get
            {
                var points = Batches.Operations * PointsPerBatch;
                return points == 0 ? double.NaN : (ServerCpu + (PostgresCpu ?? TimeSpan.Zero)).TotalMicroseconds / points;
            }
        }

        public BenchResult ToResult(string variant, string parameters, IngestMeasurement? baseline)
        {
            var points = Batches.Operations * PointsPerBatch;
            return new BenchResult(
                "ingest",
                variant,
                parameters,
                baseline is null,
                PointsPerSecond,
                double.NaN,
                [
                    new BenchColumn("batches/s", Batches.OperationsPerSecond.ToString("N0", CultureInfo.InvariantCulture)),
                    new BenchColumn("p50 ms", Milliseconds(Batches.Latency.PercentileMicroseconds(0.50))),
                    new BenchColumn("p99 ms", Milliseconds(Batches.Latency.PercentileMicroseconds(0.99))),
                    new BenchColumn("x parse", baseline is null ? "1.00" : (PointsPerSecond / baseline.PointsPerSecond).ToString("0.00", CultureInfo.InvariantCulture)),
                    new BenchColumn("srv CPU %", (100 * ServerCpu.TotalSeconds / Batches.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)),
                    new BenchColumn("srv CPU µs/pt", points == 0 ? "-" : (ServerCpu.TotalMicroseconds / points).ToString("0.00", CultureInfo.InvariantCulture)),
                    new BenchColumn("pg CPU %", PostgresCpu is { } pg ? (100 * pg.TotalSeconds / Batches.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture) : "-"),
                    // Parse-only CPU per point ÷ this row's (gateway, silos and PostgreSQL): the throughput ratio
                    // a CPU-bound machine would give, less sensitive to what else the machine runs.
                    new BenchColumn("CPU x parse", baseline is null ? "1.00" : (baseline.CpuMicrosecondsPerPoint / CpuMicrosecondsPerPoint).ToString("0.00", CultureInfo.InvariantCulture)),
                    new BenchColumn("gen CPU %", (100 * Batches.ProcessorTime.TotalSeconds / Batches.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)),
                    new BenchColumn("failed", Failures.ToString(CultureInfo.InvariantCulture)),
                ]);
        }

        private static string Milliseconds(double microseconds) =>
            double.IsNaN(microseconds) ? "-" : (microseconds / 1000).ToString(microseconds < 10_000 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
    }
}
