using System.Globalization;
using System.Text.Json;
using LiveDash.Bench.Framework;

namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>
/// Fan-out of one topic at 10 events/s to N clients (1k, 5k, 10k): for every <see cref="PushTarget"/>,
/// a server process and a load-generator process are started, the load generator connects N
/// clients, warms up, and measures deliveries/s and publish-to-client latency over the timed phase;
/// meanwhile the bench reads the server's CPU time (procfs) and allocated bytes (<c>/stats</c>).
/// </summary>
internal sealed class FanoutScenario : IBenchScenario
{
    private const double EventsPerSecond = 10;
    private static readonly int[] s_defaultClients = [1_000, 5_000, 10_000];
    private static readonly int[] s_quickClients = [200];

    public string Name => "fanout";

    public string Description => "one topic at 10/s to 1k/5k/10k clients (child processes): deliveries/s, latency, CPU/delivery; raw SSE vs SignalR vs gateway SSE/WS";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context)
    {
        var results = new List<BenchResult>();
        foreach (var clients in context.Clients ?? (context.Quick ? s_quickClients : s_defaultClients))
        {
            var group = new List<(BenchResult Row, double CpuPerDelivery)>();
            foreach (var target in PushTargets.All)
            {
                context.Log.WriteLine($"{Name}: {target.Name}, clients={clients}");
                group.Add(await MeasureAsync(context, target, clients));
            }

            results.AddRange(FanoutRatios.Add(group));
        }

        return results;
    }

    private async Task<(BenchResult, double)> MeasureAsync(BenchContext context, PushTarget target, int clients)
    {
        var cancellationToken = context.CancellationToken;
        await using var server = await PushServer.StartAsync(target, EventsPerSecond, context.Log, cancellationToken);
        await using var loadGen = LoadGenProcess.Start(target, server, clients, context.Warmup, context.Duration, context.Log);

        await loadGen.WaitForLineAsync(LoadGenProcess.MeasuringLine, cancellationToken);
        var publishedBefore = server.Publisher?.Published;
        var cpuBefore = server.CpuTime;
        var loadGenCpuBefore = loadGen.CpuTime;
        var statsBefore = await server.ReadStatsAsync(collect: false, cancellationToken);
        await loadGen.WaitForLineAsync(LoadGenProcess.MeasuredLine, cancellationToken);
        var cpuAfter = server.CpuTime;
        var publishedAfter = server.Publisher?.Published;
        var loadGenCpu = loadGen.CpuTime - loadGenCpuBefore;
        var statsAfter = await server.ReadStatsAsync(collect: false, cancellationToken);
        var result = await loadGen.ResultAsync(cancellationToken);
        var ingest = server.Publisher?.IngestLatency;

        var connected = result.GetProperty("connected").GetInt32();
        var window = result.GetProperty("windowSeconds").GetDouble();
        var deliveries = result.GetProperty("deliveries").GetInt64();
        // The bench's publisher counts what it wrote (writes that the ingest path slowed down are late,
        // not lost); the baselines publish in-process on a timer, taken as exact.
        var expected = connected * (publishedAfter - publishedBefore ?? EventsPerSecond * window);
        var cpuMicroseconds = (cpuAfter - cpuBefore).TotalMicroseconds;
        double Delta(string property) => statsBefore is { } before && statsAfter is { } after && after.TryGetProperty(property, out var value)
            ? value.GetInt64() - before.GetProperty(property).GetInt64()
            : double.NaN;
        var allocated = Delta("allocatedBytes");
        var workItems = Delta("threadPoolWorkItems");

        var cpuPerDelivery = deliveries == 0 ? double.NaN : cpuMicroseconds / deliveries;
        var row = new BenchResult(
            Name,
            target.Name,
            string.Create(CultureInfo.InvariantCulture, $"clients={clients}"),
            target.IsBaseline,
            result.GetProperty("deliveriesPerSecond").GetDouble(),
            deliveries == 0 ? double.NaN : allocated / deliveries,
            [
                new BenchColumn("connected", connected.ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("delivered", expected == 0 ? "-" : (deliveries / expected).ToString("P1", CultureInfo.InvariantCulture)),
                new BenchColumn("p50 ms", Milliseconds(result, "p50Us")),
                new BenchColumn("p99 ms", Milliseconds(result, "p99Us")),
                new BenchColumn("p999 ms", Milliseconds(result, "p999Us")),
                new BenchColumn("srv CPU %", (cpuMicroseconds / 10_000 / window).ToString("0", CultureInfo.InvariantCulture)),
                new BenchColumn("gen CPU %", (loadGenCpu.TotalMicroseconds / 10_000 / window).ToString("0", CultureInfo.InvariantCulture)),
                new BenchColumn("CPU µs/dlv", double.IsNaN(cpuPerDelivery) ? "-" : cpuPerDelivery.ToString("0.00", CultureInfo.InvariantCulture)),
                new BenchColumn("wi/dlv", deliveries == 0 || double.IsNaN(workItems) ? "-" : (workItems / deliveries).ToString("0.00", CultureInfo.InvariantCulture)),
                new BenchColumn("ingest p50 ms", ingest is { Count: > 0 } ? (ingest.PercentileMicroseconds(0.5) / 1000).ToString("0.00", CultureInfo.InvariantCulture) : "-"),
            ]);
        return (row, cpuPerDelivery);
    }

    private static string Milliseconds(JsonElement result, string property) =>
        result.GetProperty(property) is { ValueKind: JsonValueKind.Number } value
            ? (value.GetDouble() / 1000).ToString("0.00", CultureInfo.InvariantCulture)
            : "-";
}
