using System.Globalization;
using System.Text.Json;
using LiveDash.Bench.Framework;
using LiveDash.Bench.Hosting;
using LiveDash.Bench.Scenarios.Fanout;

namespace LiveDash.Bench.Scenarios.Storm;

/// <summary>
/// Reconnect storm: N SSE clients (default 10,000) follow one metric updated 10 times a second on a
/// push gateway of a <see cref="StormCluster"/>; the push gateway is restarted (SIGTERM, as a deploy
/// does; then SIGKILL, as a crash) and every client reconnects on its own backoff (1 s doubling, ±10 %
/// jitter) with its <c>Last-Event-ID</c>. Per row: the time from the first drop until every client has
/// resumed, the restart itself (signal → new gateway ready), the new gateway's peak CPU, and the
/// continuity each client checked (missing updates, duplicates, unrecovered snapshots, resets).
/// </summary>
internal sealed class StormScenario : IBenchScenario
{
    private const int DefaultClients = 10_000;
    private const int QuickClients = 200;
    private const double EventsPerSecond = 10;
    private const string Metric = "bench.storm";

    private static readonly TimeSpan s_stormTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan s_quietBeforeStorm = TimeSpan.FromSeconds(3);

    public string Name => "storm";

    public string Description => "10k SSE clients of a gateway restarted (SIGTERM, then SIGKILL) reconnect with backoff: time until all resumed, peak CPU, gaps";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context)
    {
        var cancellationToken = context.CancellationToken;
        var clients = context.Clients?.Max() ?? (context.Quick ? QuickClients : DefaultClients);
        context.Log.WriteLine($"{Name}: starting PostgreSQL, a silo, an ingest gateway and a push gateway");
        await using var cluster = await StormCluster.StartAsync(context.Log, cancellationToken);
        await using var publisher = await MetricPublisher.StartAsync(
            new Uri($"http://127.0.0.1:{cluster.IngestPort}"), Metric, EventsPerSecond, TimeSpan.FromSeconds(60), cancellationToken);

        var rows = new List<BenchResult>();
        foreach (var crash in context.Quick ? [false] : new[] { false, true })
        {
            var variant = crash ? "crash (SIGKILL)" : "restart (SIGTERM)";
            context.Log.WriteLine($"{Name}: {variant}, clients={clients}");
            rows.Add(await MeasureAsync(context, cluster, publisher, clients, crash, variant));
        }

        return rows;
    }

    private async Task<BenchResult> MeasureAsync(BenchContext context, StormCluster cluster, MetricPublisher publisher, int clients, bool crash, string variant)
    {
        var cancellationToken = context.CancellationToken;
        string F(double value) => value.ToString(CultureInfo.InvariantCulture);
        await using var loadGen = LoadGenProcess.StartWith(
            [
                "--url", $"http://127.0.0.1:{cluster.PushPort}/api/v1/stream?topic=metric:{Metric}",
                "--transport", "sse",
                "--mode", "storm",
                "--clients", F(clients),
                "--warmup", F(s_quietBeforeStorm.TotalSeconds),
                "--sources", F(Math.Max(4, (clients / 5000) + 1)),
                "--connect-timeout", F(LoadGenProcess.ConnectTimeout.TotalSeconds),
                "--storm-timeout", F(s_stormTimeout.TotalSeconds),
            ],
            LoadGenProcess.ConnectTimeout + s_quietBeforeStorm + s_stormTimeout + TimeSpan.FromSeconds(60),
            context.Log);
        await loadGen.WaitForLineAsync(LoadGenProcess.MeasuringLine, cancellationToken);

        var failedBefore = publisher.Failed;
        var publishedBefore = publisher.Published;
        CpuSampler? sampler = null;
        var (exited, ready) = await cluster.RestartPushAsync(crash, gateway => sampler = new CpuSampler(gateway.Id), cancellationToken);
        await loadGen.WaitForLineAsync(LoadGenProcess.MeasuredLine, cancellationToken);
        var peak = sampler?.PeakPercent() ?? double.NaN;
        var cpu = sampler?.Total() ?? TimeSpan.Zero;
        if (sampler is not null)
        {
            await sampler.DisposeAsync();
        }

        var result = await loadGen.ResultAsync(cancellationToken);
        context.Log.WriteLine($"{Name}: {variant}: {result}");
        context.Log.WriteLine($"{Name}: publishes during the storm {publisher.Published - publishedBefore}, failed {publisher.Failed - failedBefore}");

        int I(string name) => result.GetProperty(name).GetInt32();
        long L(string name) => result.GetProperty(name).GetInt64();
        var connected = I("connectedAtStorm");
        return new BenchResult(
            Name,
            variant,
            string.Create(CultureInfo.InvariantCulture, $"clients={clients}"),
            IsBaseline: false,
            double.NaN,
            double.NaN,
            [
                new BenchColumn("connected", connected.ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("resumed", I("resumedClients").ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("all resumed s", Seconds(result, "allResumedSeconds", 1)),
                new BenchColumn("down s", exited.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)),
                new BenchColumn("ready s", ready.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)),
                new BenchColumn("resume p50 s", Seconds(result, "resumeP50Ms", 1000)),
                new BenchColumn("resume p99 s", Seconds(result, "resumeP99Ms", 1000)),
                new BenchColumn("peak CPU %", double.IsNaN(peak) ? "-" : peak.ToString("0", CultureInfo.InvariantCulture)),
                new BenchColumn("CPU s", cpu.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)),
                new BenchColumn("tries/client", connected == 0 ? "-" : ((double)(L("attempts") - clients) / connected).ToString("0.0", CultureInfo.InvariantCulture)),
                new BenchColumn("gaps", I("clientsWithGaps").ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("missing", L("missingUpdates").ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("dups", L("duplicates").ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("unrecovered", L("unrecoveredSnapshots").ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("resets", L("resets").ToString(CultureInfo.InvariantCulture)),
            ]);
    }

    private static string Seconds(JsonElement result, string property, double divisor) =>
        result.GetProperty(property) is { ValueKind: JsonValueKind.Number } value
            ? (value.GetDouble() / divisor).ToString("0.0", CultureInfo.InvariantCulture)
            : "-";
}
