using System.Globalization;
using LiveDash.Bench.Framework;

namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>
/// The most idle SSE connections one gateway process holds here. A process may open 20,000 files
/// (PACKAGES.md; it cannot be raised on this machine) and the gateway has no connection cap of its own
/// (Kestrel's <c>MaxConcurrentConnections</c> is not set, and passing <c>--Kestrel:Limits:MaxConcurrentConnections</c>
/// did not cap it): two runs of 20,000 clients each ended with the gateway printing "Out of memory." and
/// exiting at 19,753 connections — its own ~247 files plus the sockets fill the file table, and the runtime
/// reports the failure to get one as out of memory. So the row opens <see cref="Attempted"/> clients, just
/// under that, from two load-generator processes (each under its own 20,000) on distinct 127.0.0.x source
/// addresses, and gives the connections held, the gateway's files and memory maps, memory per connection at
/// that count and the 100k extrapolation, and whether the gateway is still up.
/// </summary>
internal static class MaxIdleConnections
{
    /// <summary>Clients opened: the file limit less the gateway's own files and a margin.</summary>
    public const int Attempted = 19_500;

    private const int QuickAttempted = 400;

    // Time after the last connect before memory is read, then a quiet hold in which closes are counted.
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_hold = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(180);

    public static async Task<BenchResult> MeasureAsync(BenchContext context, string scenario)
    {
        var cancellationToken = context.CancellationToken;
        var attempted = context.Quick ? QuickAttempted : Attempted;
        var target = PushTargets.Gateway("gateway-sse max", "sse", $"/api/v1/stream?topic={PushTargets.Topic}", []);
        context.Log.WriteLine($"{scenario}: {target.Name}, {attempted} clients from 2 load generators");

        await using var server = await PushServer.StartAsync(target, eventsPerSecond: 0, context.Log, cancellationToken);
        var heapBefore = await HeapBytesAsync(server, cancellationToken);
        var rssBefore = server.ResidentBytes;

        // The first generator holds its clients (a long window) until the second has connected and the gateway
        // has been measured, then is killed: both halves are open together when memory and files are read.
        await using var first = LoadGenProcess.Start(target, server, attempted / 2, TimeSpan.FromSeconds(1), s_connectTimeout + s_connectTimeout, context.Log, firstSource: 2, connectTimeout: s_connectTimeout);
        var firstConnected = ConnectedCount(await first.WaitForLineAsync(LoadGenProcess.ConnectedLine, cancellationToken));
        await using var second = LoadGenProcess.Start(target, server, attempted - (attempted / 2), s_settle, s_hold, context.Log, firstSource: 20, connectTimeout: s_connectTimeout);
        await second.WaitForLineAsync(LoadGenProcess.MeasuringLine, cancellationToken);
        var heapAfter = await HeapBytesAsync(server, cancellationToken);
        var rssAfter = server.ResidentBytes;
        var files = OpenFiles(server.ProcessId);
        var maps = MemoryMaps(server.ProcessId);
        var result = await second.ResultAsync(cancellationToken);
        var alive = server.IsRunning;

        var connected = firstConnected + result.GetProperty("connected").GetInt32();
        var failed = attempted - connected;
        var closed = result.GetProperty("closedByServer").GetInt32();
        var rssPerConnection = connected == 0 || !alive ? double.NaN : (double)(rssAfter - rssBefore) / connected;
        string F(double value) => double.IsNaN(value) ? "-" : value.ToString("N0", CultureInfo.InvariantCulture);
        return new BenchResult(
            scenario,
            target.Name,
            string.Create(CultureInfo.InvariantCulture, $"clients={attempted}"),
            IsBaseline: false,
            double.NaN,
            double.NaN,
            [
                new BenchColumn("connected", connected.ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("gateway", alive ? "up" : "exited"),
                new BenchColumn("failed", failed.ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("2nd half closed", closed.ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("server files", files < 0 ? "-" : files.ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("server maps", maps < 0 ? "-" : maps.ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("RSS MiB", (rssAfter / 1048576.0).ToString("0", CultureInfo.InvariantCulture)),
                new BenchColumn("RSS B/conn", F(rssPerConnection)),
                new BenchColumn("heap B/conn", F(connected == 0 ? double.NaN : (heapAfter - heapBefore) / connected)),
                new BenchColumn("100k RSS GiB", double.IsNaN(rssPerConnection) ? "-" : ((rssBefore + (rssPerConnection * 100_000)) / 1073741824.0).ToString("0.0", CultureInfo.InvariantCulture)),
            ]);
    }

    // "loadgen: connected 9893 of 10000 in 55.6 s (failed 107)" → 9893.
    private static int ConnectedCount(string line) =>
        int.Parse(line[(line.IndexOf(LoadGenProcess.ConnectedLine, StringComparison.Ordinal) + LoadGenProcess.ConnectedLine.Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    // NaN when the gateway is gone (what filling its file table does to it: see the class summary).
    private static async Task<double> HeapBytesAsync(PushServer server, CancellationToken cancellationToken)
    {
        try
        {
            return await server.ReadStatsAsync(collect: true, cancellationToken) is { } stats
                ? stats.GetProperty("managedHeapBytes").GetInt64()
                : double.NaN;
        }
        catch (HttpRequestException)
        {
            return double.NaN;
        }
    }

    /// <summary>
    /// Memory mappings of <paramref name="processId"/> (lines of procfs <c>maps</c>), -1 when unknown: a process
    /// may hold <c>vm.max_map_count</c> (65,530 here), past which mapping fails as out of memory.
    /// </summary>
    private static int MemoryMaps(int processId)
    {
        try
        {
            return File.ReadLines($"/proc/{processId}/maps").Count();
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>Open file descriptors of <paramref name="processId"/> (procfs), -1 when unknown.</summary>
    internal static int OpenFiles(int processId)
    {
        try
        {
            return Directory.GetFileSystemEntries($"/proc/{processId}/fd").Length;
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
