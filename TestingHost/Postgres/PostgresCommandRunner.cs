using System.Diagnostics;
using System.Text;

namespace LiveDash.TestingHost;

/// <summary>
/// Runs PostgreSQL's command-line tools (initdb, pg_ctl) to completion, as the <c>postgres</c> user
/// through <c>runuser</c> when this process is root: PostgreSQL refuses to run as root.
/// </summary>
internal sealed class PostgresCommandRunner
{
    private const string ServiceUser = "postgres";

    private PostgresCommandRunner(bool asServiceUser) => AsServiceUser = asServiceUser;

    /// <summary>Whether commands run as the <c>postgres</c> user (this process is root).</summary>
    public bool AsServiceUser { get; }

    /// <summary>A runner for this process: switches to <c>postgres</c> only when running as root.</summary>
    public static PostgresCommandRunner ForCurrentUser()
        => new(string.Equals(Environment.UserName, "root", StringComparison.Ordinal));

    /// <summary>Gives <paramref name="directory"/> to the <c>postgres</c> user when commands run as that user.</summary>
    public async Task GiveOwnershipAsync(string directory, CancellationToken cancellationToken)
    {
        if (AsServiceUser)
        {
            await RunRawAsync("chown", [ServiceUser + ":", directory], cancellationToken);
        }
    }

    /// <summary>Runs <paramref name="executable"/>; throws with its output when it exits non-zero.</summary>
    public Task<string> RunAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        => AsServiceUser
            ? RunRawAsync("runuser", ["-u", ServiceUser, "--", executable, .. arguments], cancellationToken)
            : RunRawAsync(executable, arguments, cancellationToken);

    private static async Task<string> RunRawAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start '{executable}'.");
        process.StandardInput.Close();

        // Both streams are drained concurrently: a tool that fills one pipe while we read the other would block forever.
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = new StringBuilder().Append(await output).Append(await error).ToString();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{executable} {string.Join(' ', arguments)}' exited with code {process.ExitCode}:{Environment.NewLine}{text}");
        }

        return text;
    }
}
