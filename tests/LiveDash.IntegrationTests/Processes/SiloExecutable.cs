namespace LiveDash.IntegrationTests.Processes;

/// <summary>
/// Finds the built <c>LiveDash.Silo.dll</c> that matches this test assembly's build: the same
/// configuration (<c>bin/Release</c> or <c>bin/Debug</c>) and target framework, read from where
/// the test assembly runs. <c>./livedash test</c> builds the whole solution in Release first, and
/// the test project references the Silo project (without its assembly) so a plain build of the
/// tests builds the Silo too.
/// </summary>
internal static class SiloExecutable
{
    private const string SolutionFile = "LiveDash.sln";
    private const string SiloAssembly = "LiveDash.Silo.dll";

    /// <summary>The Silo assembly's full path.</summary>
    /// <exception cref="InvalidOperationException">The test assembly is not in a <c>bin/&lt;configuration&gt;/&lt;framework&gt;</c> folder of the repository, or the Silo is not built.</exception>
    public static string Locate()
    {
        // AppContext.BaseDirectory is tests/LiveDash.IntegrationTests/bin/<configuration>/<framework>/.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent;
        if (configuration?.Parent is not { Name: "bin" })
        {
            throw new InvalidOperationException(
                $"The test assembly runs from {testOutput.FullName}, not from a bin/<configuration>/<framework> folder, so the matching Silo build cannot be derived.");
        }

        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, SolutionFile)))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"No {SolutionFile} above {testOutput.FullName}: the tests must run from a build inside the repository.");
        }

        var dll = Path.Combine(root.FullName, "Silo", "bin", configuration.Name, testOutput.Name, SiloAssembly);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"{SiloAssembly} is missing at {dll}. Build it in the tests' configuration: "
                + $"dotnet build Silo -c {configuration.Name} (./livedash test builds the whole solution in Release).");
        }

        return dll;
    }
}
