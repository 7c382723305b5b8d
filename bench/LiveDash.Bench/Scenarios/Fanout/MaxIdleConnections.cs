using System.Globalization;
using LiveDash.Bench.Framework;
using LiveDash.Bench.Hosting;

namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>
/// The most idle SSE connections one gateway process holds here. A process may open 20,000 files
/// (PACKAGES.md; it cannot be raised on this machine), so the gateway runs with Kestrel's
/// <c>MaxConcurrentConnections</c> just under that (<see cref="ConnectionCap"/>: the rest of its
/// files are the runtime's, the silo's, the listener's), and more clients than the cap are opened
/// from two load-generator processes (each under its own 20,000) on distinct 127.0.0.x source
/// addresses. Those over the cap are closed by Kestrel at accept and count as failed. The row gives
/// the connections held, memory per connection at that count, and the clients the gateway closed
/// during a quiet hold (pings every 15 s keep nothing else moving).
/// </summary>
internal static class MaxIdleConnections
{
    /// <summary>
    /// Kestrel's connection cap for the gateway: 20,000 files less 1,000. The gateway uses ~250 files of its
    /// own, and a first run with the cap at 19,700 ended with the gateway printing "Out of memory." and
    /// exiting at ~19,750 connections: with the file table full the runtime cannot map memory it needs
    /// (e.g. its double-mapped executable memory takes a file descriptor), which it reports as out of memory.
    /// </summary>
    public const int ConnectionCap = 19_000;

    private const int Attempted = 20_000;
    private const int QuickAttempted = 400;

    // Time after the last connect before memory is read, then a quiet hold in which closes are counted.
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_hold = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(180);

    public static async Task<BenchResult> MeasureAsync(BenchContext context, string scenario)
    {
        var cancellationToken = context.CancellationToken;
        var attempted = context.Quick ? QuickAttempted : Attempted;
        var target = PushTargets.Gateway("gateway-sse max", "sse", $"/api/v1/stream?topic={PushTargets.Topic}", []) with
        {
            Start = launch => ChildProcess.StartDotnet(
                "gateway",
                BenchPaths.Gateway,
                PushTargets.GatewayArguments(launch.Port, string.Create(CultureInfo.InvariantCulture, $"--Kestrel:Limits:MaxConcurrentConnections={ConnectionCap}")),
                launch.Log,
                PushTargets.GatewayEnvironment(launch.StatsPort, launch.ParentProcessId)),
        };
        context.Log.WriteLine($"{scenario}: {target.Name}, {attempted} clients from 2 load generators, Kestrel cap {ConnectionCap}");

        await using var server = await PushServer.StartAsync(target, eventsPerSecond: 0, context.Log, cancellationToken);
        var heapBefore = await HeapBytesAsync(server, cancellationToken);
        var rssBefore = server.ResidentBytes;

        await using var first = LoadGenProcess.Start(target, server, attempted / 2, s_settle, s_hold, context.Log, firstSource: 2, connectTimeout: s_connectTimeout);
        await using var second = LoadGenProcess.Start(target, server, attempted - (attempted / 2), s_settle, s_hold, context.Log, firstSource: 20, connectTimeout: s_connectTimeout);
        await first.WaitForLineAsync(LoadGenProcess.MeasuringLine, cancellationToken);
        await second.WaitForLineAsync(LoadGenProcess.MeasuringLine, cancellationToken);
        var heapAfter = await HeapBytesAsync(server, cancellationToken);
        var rssAfter = server.ResidentBytes;
        var files = OpenFiles(server.ProcessId);
        var maps = MemoryMaps(server.ProcessId);
        var results = new[] { await first.ResultAsync(cancellationToken), await second.ResultAsync(cancellationToken) };
        var alive = server.IsRunning;

        var connected = results.Sum(r => r.GetProperty("connected").GetInt32());
        var failed = results.Sum(r => r.GetProperty("failed").GetInt32());
        var closed = results.Sum(r => r.GetProperty("closedByServer").GetInt32());
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
                new BenchColumn("refused", failed.ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("closed in hold", closed.ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("server files", files < 0 ? "-" : files.ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("server maps", maps < 0 ? "-" : maps.ToString(CultureInfo.InvariantCulture)),
                new BenchColumn("RSS MiB", (rssAfter / 1048576.0).ToString("0", CultureInfo.InvariantCulture)),
                new BenchColumn("RSS B/conn", F(rssPerConnection)),
                new BenchColumn("heap B/conn", F(connected == 0 ? double.NaN : (heapAfter - heapBefore) / connected)),
                new BenchColumn("100k RSS GiB", double.IsNaN(rssPerConnection) ? "-" : ((rssBefore + (rssPerConnection * 100_000)) / 1073741824.0).ToString("0.0", CultureInfo.InvariantCulture)),
            ]);
    }

    // NaN when the gateway is gone (what holding too many connections can do to it: see ConnectionCap).
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
    private static int OpenFiles(int processId)
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
