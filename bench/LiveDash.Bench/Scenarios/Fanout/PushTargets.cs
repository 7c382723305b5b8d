using System.Globalization;
using LiveDash.Bench.Hosting;

namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>
/// The servers measured by <c>fanout</c> and <c>connections</c>, baseline first: the raw Kestrel SSE
/// ceiling, SignalR, and the gateway's SSE and WebSocket transports.
/// </summary>
internal static class PushTargets
{
    /// <summary>The metric the bench writes for the gateway rows; clients follow its topic.</summary>
    public const string Metric = "bench.fanout";

    public const string Topic = "metric:" + Metric;

    /// <summary>
    /// Filler in the baselines' events so their frames are the gateway's size: a gateway SSE update
    /// for one series is 440–460 bytes on the wire (<c>event:</c>, <c>data:</c> with the series' scalars
    /// and its point, <c>id:</c>), a baseline frame <c>data: {"seq":…,"ts":…,"pad":"…"}\n\n</c> is 51 + pad
    /// (with a 4-digit seq). Same bytes for every target.
    /// </summary>
    public const int BaselinePadBytes = 405;

    public static IReadOnlyList<PushTarget> All { get; } =
    [
        new("raw-sse", IsBaseline: true, Transport: "sse", Path: "/raw/sse", StatsPath: "/stats", StartBaselines) { StatsOnHookPort = true },
        new("signalr", IsBaseline: false, Transport: "signalr", Path: "/hub", StatsPath: "/stats", StartBaselines) { StatsOnHookPort = true },
        Gateway("gateway-sse", "sse", $"/api/v1/stream?topic={Topic}", []),
        Gateway("gateway-ws", "ws", "/ws", ["--hello", $"{{\"op\":\"subscribe\",\"topics\":[\"{Topic}\"]}}"]),
    ];

    /// <summary>
    /// A gateway row: the gateway as shipped, one process co-hosting its silo (local mode), grain state in
    /// memory (ingest latency without a disk), self-metrics off (they would publish topics of their own),
    /// logging at Warning; Kestrel and the connection cap at their defaults (loopback clients are exempt).
    /// </summary>
    public static PushTarget Gateway(string name, string transport, string path, IReadOnlyList<string> loadGenArguments) =>
        new(name, IsBaseline: false, Transport: transport, Path: path, StatsPath: "/stats", StartGateway)
        {
            LoadGenArguments = ["--ts-key", "last", .. loadGenArguments],
            PublishedMetric = Metric,
            StatsOnHookPort = true,
        };

    /// <summary>The gateway's command line for a local-mode child on <paramref name="port"/>; <paramref name="extra"/> appended.</summary>
    public static IReadOnlyList<string> GatewayArguments(int port, params string[] extra) =>
    [
        "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
        "--LiveDash:Storage:Provider=memory",
        "--LiveDash:Gateway:SelfMetrics:Enabled=false",
        "--Logging:LogLevel:Default=Warning",
        .. extra,
    ];

    /// <summary>The stats startup hook and the parent watch, as environment variables for a child (every target gets them, so all are read alike).</summary>
    public static IReadOnlyDictionary<string, string> GatewayEnvironment(int statsPort, int parentProcessId) => new Dictionary<string, string>
    {
        ["DOTNET_STARTUP_HOOKS"] = BenchPaths.StatsHook,
        ["LIVEDASH_BENCH_STATS_PORT"] = statsPort.ToString(CultureInfo.InvariantCulture),
        ["LIVEDASH_BENCH_PARENT_PID"] = parentProcessId.ToString(CultureInfo.InvariantCulture),
    };

    private static ChildProcess StartGateway(PushTargetLaunch launch) => ChildProcess.StartDotnet(
        "gateway",
        BenchPaths.Gateway,
        GatewayArguments(launch.Port),
        launch.Log,
        GatewayEnvironment(launch.StatsPort, launch.ParentProcessId));

    /// <summary>One LiveDash.Baselines process serves both baselines; each row starts its own.</summary>
    private static ChildProcess StartBaselines(PushTargetLaunch launch) => ChildProcess.StartDotnet(
        "baselines",
        BenchPaths.Baselines,
        [
            "--port", launch.Port.ToString(CultureInfo.InvariantCulture),
            "--rate", launch.EventsPerSecond.ToString(CultureInfo.InvariantCulture),
            "--pad-bytes", BaselinePadBytes.ToString(CultureInfo.InvariantCulture),
            "--parent-pid", launch.ParentProcessId.ToString(CultureInfo.InvariantCulture),
        ],
        launch.Log,
        GatewayEnvironment(launch.StatsPort, launch.ParentProcessId));
}
