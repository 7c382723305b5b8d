using System.Globalization;
using LiveDash.Bench.Framework;

namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>
/// Memory per idle connection: for every <see cref="PushTarget"/>, a server with no publisher is
/// measured after a full collection (<c>/stats?gc=1</c>, and VmRSS from procfs) before and after a
/// load generator opens N idle clients (default 10,000); the deltas are divided by the clients connected.
/// With <c>--gateways n</c> it runs <see cref="ScaleOutConnections"/> instead.
/// </summary>
internal sealed class ConnectionsScenario : IBenchScenario
{
    private const int DefaultClients = 10_000;
    private const int QuickClients = 200;

    // Time given after the last client connected before the server is measured (handshakes settle).
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(3);

    public string Name => "connections";

    public string Description => "memory per idle connection at 10k clients (RSS and managed heap delta / N), all push targets; then the most idle SSE connections one gateway holds (--gateways n: 100k idle SSE clients held by n gateway processes of one cluster instead)";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context)
    {
        if (context.Gateways is { } gateways)
        {
            return await ScaleOutConnections.MeasureAsync(context, Name, gateways);
        }

        var clients = context.Clients?.Max() ?? (context.Quick ? QuickClients : DefaultClients);
        var parameters = string.Create(CultureInfo.InvariantCulture, $"clients={clients}");
        var measured = new List<(PushTarget Target, int Connected, double RssPerConnection, double HeapPerConnection)>();
        foreach (var target in PushTargets.All)
        {
            context.Log.WriteLine($"{Name}: {target.Name}, {parameters}");
            measured.Add(await MeasureAsync(context, target, clients));
        }

        var baseline = measured.FirstOrDefault(m => m.Target.IsBaseline);
        var rows = measured.Select(m => new BenchResult(
            Name,
            m.Target.Name,
            parameters,
            m.Target.IsBaseline,
            double.NaN,
            double.NaN,
            [
                new BenchColumn("connected", m.Connected.ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("RSS B/conn", Bytes(m.RssPerConnection)),
                new BenchColumn("heap B/conn", Bytes(m.HeapPerConnection)),
                new BenchColumn("RSS x", Times(m.RssPerConnection, baseline.RssPerConnection)),
                new BenchColumn("heap x", Times(m.HeapPerConnection, baseline.HeapPerConnection)),
            ])).ToList();
        rows.Add(await MaxIdleConnections.MeasureAsync(context, Name));
        return rows;
    }

    private static async Task<(PushTarget, int, double, double)> MeasureAsync(BenchContext context, PushTarget target, int clients)
    {
        var cancellationToken = context.CancellationToken;
        await using var server = await PushServer.StartAsync(target, eventsPerSecond: 0, context.Log, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var heapBefore = await HeapBytesAsync(server, cancellationToken);
        var rssBefore = server.ResidentBytes;

        // Warm-up = settle time; the one-second window is not used (no events are published).
        await using var loadGen = LoadGenProcess.Start(target, server, clients, s_settle, TimeSpan.FromSeconds(1), context.Log);
        await loadGen.WaitForLineAsync(LoadGenProcess.MeasuringLine, cancellationToken);
        var heapAfter = await HeapBytesAsync(server, cancellationToken);
        var rssAfter = server.ResidentBytes;
        var result = await loadGen.ResultAsync(cancellationToken);

        var connected = result.GetProperty("connected").GetInt32();
        return (
            target,
            connected,
            connected == 0 ? double.NaN : (double)(rssAfter - rssBefore) / connected,
            connected == 0 ? double.NaN : (heapAfter - heapBefore) / connected);
    }

    private static async Task<double> HeapBytesAsync(PushServer server, CancellationToken cancellationToken) =>
        await server.ReadStatsAsync(collect: true, cancellationToken) is { } stats
            ? stats.GetProperty("managedHeapBytes").GetInt64()
            : double.NaN;

    private static string Bytes(double value) =>
        double.IsNaN(value) ? "-" : value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Times(double value, double baseline) =>
        double.IsNaN(value) || double.IsNaN(baseline) || baseline <= 0 ? "-" : (value / baseline).ToString("0.00", CultureInfo.InvariantCulture);
}
