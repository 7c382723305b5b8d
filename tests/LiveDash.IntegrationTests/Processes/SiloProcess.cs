using System.Diagnostics;

namespace LiveDash.IntegrationTests.Processes;

/// <summary>
/// A real <c>LiveDash.Silo</c> process, configured through <c>LiveDash__X__Y</c> environment
/// variables as in production, with its stdout and stderr kept for the test's output. Disposing
/// kills it (and anything it started): a failing test leaves no process behind.
/// </summary>
internal sealed class SiloProcess : IDisposable
{
    private const int KeptOutputLines = 2000;

    // After a kill, the process's output pipes close within milliseconds; the bound only keeps a
    // wedged pipe from hanging a test's cleanup.
    private static readonly TimeSpan s_exitWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly OutputTail _output = new(KeptOutputLines);

    private SiloProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>The name given at start (for messages).</summary>
    public string Name { get; }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Completes when the process exits and its output is read to the end.</summary>
    public Task Exited { get; private set; } = Task.CompletedTask;

    /// <summary>What the process wrote to stdout and stderr so far (the last lines).</summary>
    public string Output => _output.ToString();

    /// <summary>Starts <c>dotnet LiveDash.Silo.dll</c> with <paramref name="environment"/> added to this process's environment.</summary>
    public static SiloProcess Start(string name, IReadOnlyDictionary<string, string> environment)
    {
        var dll = SiloExecutable.Locate();
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        startInfo.ArgumentList.Add(dll);
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var silo = new SiloProcess(name, new Process { StartInfo = startInfo });
        silo._process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        silo._process.Start();
        silo._process.StandardInput.Close();
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        silo.Exited = silo._process.WaitForExitAsync();
        return silo;
    }

    /// <summary>
    /// Crashes the silo: SIGKILL on Linux, so it neither leaves the cluster nor closes its sockets
    /// itself; the other nodes must detect the failure.
    /// </summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>A description for failure messages: name, pid, exit code when exited.</summary>
    public override string ToString()
        => _process.HasExited ? $"{Name} (pid {_process.Id}, exited with code {_process.ExitCode})" : $"{Name} (pid {_process.Id}, running)";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(s_exitWait);
        }
        catch (InvalidOperationException)
        {
            // The process exited between the check and the kill.
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>The dotnet host that runs this test process (the CLI passes it down), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
        {
            return fromCli;
        }

        return Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Add(line);
        }
    }
}
