using System.Reflection;

namespace LiveDash.Bench.Hosting;

/// <summary>
/// Where the child programs are built: <c>bench/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0/</c>
/// (the gateway and silo: <c>&lt;project&gt;/bin/…</c> at the repository root), the bench folder and
/// configuration recorded at build time (the bench references these projects, so building it builds them).
/// </summary>
internal static class BenchPaths
{
    private static readonly string s_benchRoot = Metadata("LiveDash.BenchRoot");
    private static readonly string s_configuration = Metadata("LiveDash.Configuration");

    public static string Baselines => Dll("LiveDash.Baselines");

    public static string LoadGen => Dll("LiveDash.LoadGen");

    public static string Gateway => Dll(Path.Combine("..", "Gateway"), "LiveDash.Gateway");

    public static string Silo => Dll(Path.Combine("..", "Silo"), "LiveDash.Silo");

    /// <summary>The startup hook that serves <c>/stats</c> from inside the gateway (it lives in the baselines' assembly).</summary>
    public static string StatsHook => Baselines;

    private static string Dll(string project) => Dll(project, project);

    private static string Dll(string folder, string assembly) =>
        Path.GetFullPath(Path.Combine(s_benchRoot, folder, "bin", s_configuration, "net10.0", assembly + ".dll"));

    private static string Metadata(string key) =>
        typeof(BenchPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"assembly metadata '{key}' is missing from LiveDash.Bench.csproj.");
}
