using System.Globalization;
using LiveDash.Bench.Hosting;

namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>
/// The servers measured by <c>fanout</c> and <c>connections</c>, baseline first. The gateway rows
/// are added here once the gateway exists (a target with its start command, path and transport).
/// </summary>
internal static class PushTargets
{
    public static IReadOnlyList<PushTarget> All { get; } =
    [
        new("raw-sse", IsBaseline: true, Transport: "sse", Path: "/raw/sse", StatsPath: "/stats", StartBaselines),
        new("signalr", IsBaseline: false, Transport: "signalr", Path: "/hub", StatsPath: "/stats", StartBaselines),
    ];

    /// <summary>One LiveDash.Baselines process serves both baselines; each row starts its own.</summary>
    private static ChildProcess StartBaselines(PushTargetLaunch launch) => ChildProcess.StartDotnet(
        "baselines",
        BenchPaths.Baselines,
        [
            "--port", launch.Port.ToString(CultureInfo.InvariantCulture),
            "--rate", launch.EventsPerSecond.ToString(CultureInfo.InvariantCulture),
            "--parent-pid", launch.ParentProcessId.ToString(CultureInfo.InvariantCulture),
        ],
        launch.Log);
}
