using System.Reflection;

namespace LiveDash.Bench.Hosting;

/// <summary>
/// Where the child programs are built: <c>bench/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0/</c>, the
/// bench folder and configuration recorded at build time (the bench references both projects, so
/// building it builds them).
/// </summary>
internal static class BenchPaths
{
    private static readonly string s_benchRoot = Metadata("LiveDash.BenchRoot");
    private static readonly string s_configuration = Metadata("LiveDash.Configuration");

    public static string Baselines => Dll("LiveDash.Baselines");

    public static string LoadGen => Dll("LiveDash.LoadGen");

    private static string Dll(string project) =>
        Path.GetFullPath(Path.Combine(s_benchRoot, project, "bin", s_configuration, "net10.0", project + ".dll"));

    private static string Metadata(string key) =>
        typeof(BenchPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"assembly metadata '{key}' is missing from LiveDash.Bench.csproj.");
}
