using System.Globalization;
using System.Text.Json;
using LiveDash.Bench.Hosting;

namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>
/// The load generator as a child process: started against a <see cref="PushServer"/>, awaited at
/// its progress lines, and its one-line JSON result parsed when it stops by itself.
/// </summary>
internal sealed class LoadGenProcess : IAsyncDisposable
{
    public const string ConnectedLine = "loadgen: connected";
    public const string MeasuringLine = "loadgen: measuring";
    public const string MeasuredLine = "loadgen: measured";

    /// <summary>The load generator gives up connecting after this long (its --connect-timeout).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _process;
    private readonly TimeSpan _lifetime;

    private LoadGenProcess(ChildProcess process, TimeSpan lifetime)
    {
        _process = process;
        _lifetime = lifetime;
    }

    /// <summary>Starts a load generator of <paramref name="clients"/> against <paramref name="server"/>; several run
    /// side by side with distinct <paramref name="firstSource"/> (their source addresses 127.0.0.k onwards).</summary>
    public static LoadGenProcess Start(PushTarget target, PushServer server, int clients, TimeSpan warmup, TimeSpan duration, TextWriter log, int firstSource = 2, TimeSpan? connectTimeout = null)
    {
        var connect = connectTimeout ?? ConnectTimeout;
        // One source address per 5,000 clients, at least 4: far below the 28k ports each has.
        var sources = Math.Max(4, (clients / 5000) + 1);
        string F(double value) => value.ToString(CultureInfo.InvariantCulture);
        var process = ChildProcess.StartDotnet(
            "loadgen",
            BenchPaths.LoadGen,
            [
                "--url", server.ClientUrl.ToString(),
                "--transport", target.Transport,
                "--clients", F(clients),
                "--warmup", F(warmup.TotalSeconds),
                "--duration", F(duration.TotalSeconds),
                "--sources", F(sources),
                "--first-source", F(firstSource),
                "--connect-timeout", F(connect.TotalSeconds),
                .. target.LoadGenArguments,
            ],
            log);
        return new LoadGenProcess(process, connect + warmup + duration + TimeSpan.FromSeconds(30));
    }

    /// <summary>Starts a load generator with <paramref name="arguments"/> as they are (the storm's mode), allowed to run <paramref name="lifetime"/>.</summary>
    public static LoadGenProcess StartWith(IReadOnlyList<string> arguments, TimeSpan lifetime, TextWriter log) =>
        new(ChildProcess.StartDotnet("loadgen", BenchPaths.LoadGen, arguments, log), lifetime);

    /// <summary>CPU time of the load generator so far: a row whose generator is near 100 % of the
    /// machine's free CPU measures the client, not the server.</summary>
    public TimeSpan CpuTime => ProcessMeter.CpuTime(_process.Id);

    public Task<string> WaitForLineAsync(string text, CancellationToken cancellationToken) =>
        _process.WaitForLineAsync(text, _lifetime, cancellationToken);

    /// <summary>Waits for the process to stop by itself and returns its JSON result.</summary>
    public async Task<JsonElement> ResultAsync(CancellationToken cancellationToken)
    {
        await _process.Exited.WaitAsync(_lifetime, cancellationToken);
        var line = _process.OutputLines.LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"the load generator exited (code {_process.ExitCode}) without a result line.");
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
