using System.Reflection;

namespace LiveDash.Bench.Hosting;

/// <summary>
/// Where the product's silo and gateway are built: <c>&lt;repo&gt;/Silo/bin/&lt;configuration&gt;/net10.0/</c>
/// and the same for <c>Gateway</c>, from the bench folder and configuration recorded at build time
/// (the bench references both projects, so building it builds them).
/// </summary>
internal static class ClusterPaths
{
    private static readonly string s_repositoryRoot = Path.GetFullPath(Path.Combine(Metadata("LiveDash.BenchRoot"), ".."));
    private static readonly string s_configuration = Metadata("LiveDash.Configuration");

    public static string Silo => Dll("Silo", "LiveDash.Silo");

    public static string Gateway => Dll("Gateway", "LiveDash.Gateway");

    private static string Dll(string folder, string project) =>
        Path.Combine(s_repositoryRoot, folder, "bin", s_configuration, "net10.0", project + ".dll");

    private static string Metadata(string key) =>
        typeof(ClusterPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"assembly metadata '{key}' is missing from LiveDash.Bench.csproj.");
}
