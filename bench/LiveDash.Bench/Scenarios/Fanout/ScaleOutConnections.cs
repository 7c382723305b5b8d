using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LiveDash.Bench.Framework;
using LiveDash.Bench.Hosting;

namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>
/// <c>connections --gateways N</c>: more idle SSE connections than one process may hold here (20,000 open
/// files, not raisable), held at once by N gateway processes that are clients of one cluster — the way a
/// node serves 100k. A throwaway PostgreSQL (membership), one silo (grain state in memory) and N gateways
/// with the stats hook (<see cref="BenchClusterProcesses"/>); one load generator per gateway, each on its own
/// 127.0.0.x source addresses, opens that gateway's share of the clients on one topic. Once every client has
/// connected and settled, each gateway's RSS and managed heap (after a full collection) are read again; then
/// a few points are written to the topic, spaced out, and every client must receive every one: the load
/// generators count each client's deliveries in their window and the time from publish to arrival.
/// </summary>
internal static class ScaleOutConnections
{
    /// <summary>Clients when <c>--clients</c> is not given: the aim.</summary>
    public const int DefaultClients = 100_000;

    /// <summary>
    /// Per gateway and per load generator: under the gateway's connection cap (the file soft limit less
    /// 1,024 = 18,976 here) and the load generator's own 20,000 files.
    /// </summary>
    public const int MaxClientsPerGateway = 18_500;

    private const int QuickClients = 400;
    private const string Metric = "bench.idle";
    private const int EventsPublished = 3;

    // Connects in flight over all load generators: modest, so two shared cores keep up (each connect is an
    // HTTP request, an admission and a topic attach on the gateway).
    private const int ConnectConcurrency = 150;

    // One source address per 5,000 clients, at least 2: each has 28k ephemeral ports (32768–60999).
    private const int ClientsPerSource = 5_000;

    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_eventSpacing = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_deliveryGrace = TimeSpan.FromSeconds(20);
    private static readonly HttpClient s_stats = new() { Timeout = TimeSpan.FromMinutes(2) };

    public static async Task<IReadOnlyList<BenchResult>> MeasureAsync(BenchContext context, string scenario, int gateways)
    {
        var cancellationToken = context.CancellationToken;
        var log = context.Log;
        var clients = context.Clients?.Max() ?? (context.Quick ? QuickClients : DefaultClients);
        var shares = Enumerable.Range(0, gateways).Select(i => (clients / gateways) + (i < clients % gateways ? 1 : 0)).ToArray();
        if (shares[0] > MaxClientsPerGateway)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"--clients {clients} over --gateways {gateways} is {shares[0]} per gateway, above {MaxClientsPerGateway} (one process holds at most 20,000 files here): give --gateways {(clients + MaxClientsPerGateway - 1) / MaxClientsPerGateway} or more."));
        }

        var parameters = string.Create(CultureInfo.InvariantCulture, $"clients={clients} gateways={gateways}");
        log.WriteLine($"{scenario}: idle SSE held by several gateways, {parameters}");
        var statsPorts = Enumerable.Range(0, gateways).Select(_ => LoopbackPort.Free()).ToArray();
        await using var cluster = await BenchClusterProcesses.StartAsync(
            silos: 1,
            gateways,
            siloSettings: ["LiveDash:Storage:Provider=memory"],
            gatewaySettings: ["LiveDash:Gateway:SelfMetrics:Enabled=false"],
            log,
            cancellationToken,
            i => PushTargets.GatewayEnvironment(statsPorts[i], Environment.ProcessId));

        // The topic exists once a point is stored (subscribing to one nothing was written to answers 404).
        await PublishOneAsync(cluster.GatewayUrls[0], cancellationToken);
        var before = await SampleAsync(cluster, statsPorts, cancellationToken);
        var loadBefore = LoadAverage();

        var loadGens = new List<HeldLoadGen>();
        try
        {
            var clock = Stopwatch.StartNew();
            var firstSource = 2;
            for (var i = 0; i < gateways; i++)
            {
                var sources = Math.Max(2, (shares[i] + ClientsPerSource - 1) / ClientsPerSource);
                loadGens.Add(HeldLoadGen.Start(
                    $"loadgen-{i + 1}",
                    new Uri(cluster.GatewayUrls[i], $"api/v1/stream?topic=metric:{Metric}"),
                    shares[i],
                    firstSource,
                    sources,
                    Math.Max(4, ConnectConcurrency / gateways),
                    s_connectTimeout,
                    s_settle,
                    log));
                firstSource += sources;
            }

            var connected = await Task.WhenAll(loadGens.Select(l => l.ConnectedAsync(cancellationToken)));
            var connectSeconds = clock.Elapsed.TotalSeconds;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {connected.Sum()} of {clients} connected in {connectSeconds:0.0} s"));
            var live = await Task.WhenAll(loadGens.Select(l => l.LiveAsync(cancellationToken)));
            var liveSeconds = clock.Elapsed.TotalSeconds;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {live.Sum()} of {connected.Sum()} live (first event received) in {liveSeconds:0.0} s; settling"));
            await Task.WhenAll(loadGens.Select(l => l.WindowOpenAsync(cancellationToken)));
            var after = await SampleAsync(cluster, statsPorts, cancellationToken);
            var loadHeld = LoadAverage();

            // Spaced out, so each event is its own delivery to every client (no coalescing), through a
            // different gateway's ingest each time: any gateway's write reaches the clients of all.
            for (var e = 0; e < EventsPublished; e++)
            {
                await Task.Delay(s_eventSpacing, cancellationToken);
                await PublishOneAsync(cluster.GatewayUrls[e % gateways], cancellationToken);
                log.WriteLine($"  event {e + 1} of {EventsPublished} published");
            }

            await Task.Delay(s_deliveryGrace, cancellationToken);
            var alive = cluster.GatewayProcessIds.Select(IsRunning).ToArray();
            var results = await Task.WhenAll(loadGens.Select(l => l.CloseWindowAsync(cancellationToken)));
            return BuildRows(scenario, parameters, before, after, results, alive, (connectSeconds, liveSeconds, live), loadBefore, loadHeld);
        }
        finally
        {
            foreach (var loadGen in loadGens)
            {
                await loadGen.DisposeAsync();
            }
        }
    }

    private static List<BenchResult> BuildRows(
        string scenario,
        string parameters,
        GatewaySample[] before,
        GatewaySample[] after,
        JsonElement[] results,
        bool[] alive,
        (double Connect, double Live, int[] Clients) connecting,
        string loadBefore,
        string loadHeld)
    {
        var rows = new List<BenchResult>();
        var totals = new HeldCount();
        for (var i = 0; i < results.Length; i++)
        {
            var held = HeldCount.From(results[i], EventsPublished);
            totals.Add(held);
            var rss = after[i].RssBytes - before[i].RssBytes;
            var heap = after[i].HeapBytes - before[i].HeapBytes;
            rows.Add(Row(scenario, $"gateway-{i + 1}", parameters, held, alive[i] ? "up" : "exited", after[i].RssBytes, rss, heap, after[i].Files, (connecting.Clients[i], "-", "-"), "-"));
        }

        var rssTotal = after.Sum(s => s.RssBytes) - before.Sum(s => s.RssBytes);
        var heapTotal = after.Sum(s => s.HeapBytes) - before.Sum(s => s.HeapBytes);
        rows.Add(Row(
            scenario,
            "all gateways",
            parameters,
            totals,
            alive.All(a => a) ? "up" : "exited",
            after.Sum(s => s.RssBytes),
            rssTotal,
            heapTotal,
            after.Sum(s => s.Files),
            (connecting.Clients.Sum(), connecting.Connect.ToString("0", CultureInfo.InvariantCulture), connecting.Live.ToString("0", CultureInfo.InvariantCulture)),
            $"{loadBefore} / {loadHeld}"));
        return rows;
    }

    private static BenchResult Row(
        string scenario,
        string variant,
        string parameters,
        HeldCount held,
        string state,
        long rssBytes,
        long rssDelta,
        double heapDelta,
        int files,
        (int Clients, string ConnectSeconds, string LiveSeconds) live,
        string load)
    {
        string N(double value) => double.IsNaN(value) ? "-" : value.ToString("N0", CultureInfo.InvariantCulture);
        double PerConnection(double delta) => held.Connected == 0 ? double.NaN : delta / held.Connected;
        return new BenchResult(
            scenario,
            variant,
            parameters,
            IsBaseline: false,
            double.NaN,
            double.NaN,
            [
                new BenchColumn("connected", N(held.Connected)),
                new BenchColumn("failed", N(held.Failed)),
                new BenchColumn("connect s", live.ConnectSeconds),
                new BenchColumn("live", N(live.Clients)),
                new BenchColumn("live s", live.LiveSeconds),
                new BenchColumn("gateway", state),
                new BenchColumn("files", files < 0 ? "-" : N(files)),
                new BenchColumn("RSS MiB", (rssBytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture)),
                new BenchColumn("RSS B/conn", N(PerConnection(rssDelta))),
                new BenchColumn("heap B/conn", N(PerConnection(heapDelta))),
                new BenchColumn("events", EventsPublished.ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("deliveries", N(held.Deliveries)),
                new BenchColumn("expected", N((double)held.Connected * EventsPublished)),
                new BenchColumn("clients with all", N(held.ClientsWithAll)),
                new BenchColumn("closed", N(held.Closed)),
                new BenchColumn("last ms", N(held.MaxMicroseconds / 1000)),
                new BenchColumn("p50 ms", N(held.MedianMicroseconds / 1000)),
                new BenchColumn("load 1m", load),
            ]);
    }

    private static async Task PublishOneAsync(Uri gateway, CancellationToken cancellationToken)
    {
        // A publisher at rate 0 writes one point (its value the publish time in Unix µs) and stops.
        await using var publisher = await MetricPublisher.StartAsync(gateway, Metric, eventsPerSecond: 0, TimeSpan.FromSeconds(60), cancellationToken);
    }

    private static async Task<GatewaySample[]> SampleAsync(BenchClusterProcesses cluster, int[] statsPorts, CancellationToken cancellationToken)
    {
        var samples = new GatewaySample[statsPorts.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            // One at a time: a forced, compacting collection of a few hundred MB in every gateway at once would
            // leave the machine's two cores to the collections.
            var json = await s_stats.GetStringAsync(new Uri($"http://127.0.0.1:{statsPorts[i]}/stats?gc=1"), cancellationToken);
            using var stats = JsonDocument.Parse(json);
            var pid = cluster.GatewayProcessIds[i];
            samples[i] = new GatewaySample(ProcessMeter.ResidentBytes(pid), stats.RootElement.GetProperty("managedHeapBytes").GetInt64(), MaxIdleConnections.OpenFiles(pid));
        }

        return samples;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // The 1-minute load average (procfs): the machine is shared, so the row says how busy it was.
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "-";
        }
    }

    private sealed record GatewaySample(long RssBytes, double HeapBytes, int Files);
}
