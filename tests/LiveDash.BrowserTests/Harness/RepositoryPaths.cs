namespace LiveDash.BrowserTests.Harness;

/// <summary>Where the repository's files are, found from the test assembly's folder (tests run from bin/).</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository root: the nearest ancestor folder holding <c>LiveDash.sln</c>.</summary>
    public static string Root => s_root.Value;

    /// <summary>The built dashboard UI (<c>npm run build</c> in dashboard-ui/), served as the gateway's web root.</summary>
    public static string DashboardDist => Path.Combine(Root, "dashboard-ui", "dist");

    /// <summary>Where the screenshots of every view go (gitignored with the rest of artifacts/).</summary>
    public static string Screenshots => Path.Combine(Root, "artifacts", "screenshots");

    /// <summary>The built UI's folder, or a failure that says how to build it.</summary>
    /// <exception cref="InvalidOperationException">dashboard-ui/dist/index.html does not exist.</exception>
    public static string RequireBuiltDashboard()
    {
        var index = Path.Combine(DashboardDist, "index.html");
        if (!File.Exists(index))
        {
            throw new InvalidOperationException(
                $"The dashboard UI is not built: {index} is missing. Run ./livedash test (it builds the UI when stale) " +
                "or 'npm ci && npm run build' in dashboard-ui/, then run the browser tests again.");
        }

        return DashboardDist;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LiveDash.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No LiveDash.sln above {AppContext.BaseDirectory}: the browser tests must run from the repository's build output.");
    }
}
