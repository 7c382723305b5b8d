using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LiveDash.Bench.Hosting;

namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>
/// A load generator whose window the bench closes: started with a window far longer than the run
/// (<see cref="s_openWindow"/>), it connects its SSE clients, prints <c>loadgen: measuring</c> once each has
/// its first event and they have settled, and counts what every client receives of the events published
/// after that (<c>--window-events published</c>: the metric's own update a minute after its first point, when
/// that point leaves the rate window, repeats the old value and is not one of the bench's events) until
/// <see cref="CloseWindowAsync"/> sends it SIGTERM —
/// the load generator's documented way to end a window early: it still closes every socket and prints its
/// result. So several generators hold their clients at once for as long as the bench needs, whatever the
/// time each took to connect.
/// </summary>
internal sealed class HeldLoadGen : IAsyncDisposable
{
    /// <summary>The load generator's <c>--duration</c>: longer than any run, the bench ends it first.</summary>
    private static readonly TimeSpan s_openWindow = TimeSpan.FromHours(1);

    private const string LiveLine = "loadgen: live";

    private readonly ChildProcess _process;
    private readonly TimeSpan _lifetime;

    private HeldLoadGen(ChildProcess process, TimeSpan lifetime)
    {
        _process = process;
        _lifetime = lifetime;
    }

    /// <summary>
    /// Starts <paramref name="clients"/> SSE clients of <paramref name="streamUrl"/> (a gateway's
    /// <c>/api/v1/stream?topic=…</c>), bound round-robin to <paramref name="sources"/> source addresses from
    /// 127.0.0.<paramref name="firstSource"/>, at most <paramref name="connectConcurrency"/> connects in flight.
    /// </summary>
    public static HeldLoadGen Start(
        string name,
        Uri streamUrl,
        int clients,
        int firstSource,
        int sources,
        int connectConcurrency,
        TimeSpan connectTimeout,
        TimeSpan settle,
        TextWriter log)
    {
        string F(double value) => value.ToString(CultureInfo.InvariantCulture);
        var process = ChildProcess.StartDotnet(
            name,
            BenchPaths.LoadGen,
            [
                "--url", streamUrl.ToString(),
                "--transport", "sse",
                "--ts-key", "last",
                "--clients", F(clients),
                "--warmup", F(settle.TotalSeconds),
                "--duration", F(s_openWindow.TotalSeconds),
                "--sources", F(sources),
                "--first-source", F(firstSource),
                "--connect-concurrency", F(connectConcurrency),
                "--connect-timeout", F(connectTimeout.TotalSeconds),
                "--wait-live", F(connectTimeout.TotalSeconds),
                "--window-events", "published",
            ],
            log);
        return new HeldLoadGen(process, connectTimeout + connectTimeout + settle + TimeSpan.FromMinutes(10));
    }

    public int ProcessId => _process.Id;

    /// <summary>Completes with the clients connected when the generator has finished connecting (<c>loadgen: connected N of M …</c>).</summary>
    public async Task<int> ConnectedAsync(CancellationToken cancellationToken)
    {
        // "loadgen: connected 9893 of 10000 in 55.6 s (failed 107)" → 9893.
        var line = await _process.WaitForLineAsync(LoadGenProcess.ConnectedLine, _lifetime, cancellationToken);
        var rest = line[(line.IndexOf(LoadGenProcess.ConnectedLine, StringComparison.Ordinal) + LoadGenProcess.ConnectedLine.Length)..];
        return int.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Completes with the clients live — their first event (the topic's snapshot) received — once every connected
    /// client is, or the wait timed out (<c>loadgen: live N of M in T s</c>).
    /// </summary>
    public async Task<int> LiveAsync(CancellationToken cancellationToken)
    {
        var line = await _process.WaitForLineAsync(LiveLine, _lifetime, cancellationToken);
        return int.Parse(line[(line.IndexOf(LiveLine, StringComparison.Ordinal) + LiveLine.Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>Completes once the window is open: every client settled, deliveries from now on are counted per client.</summary>
    public Task WindowOpenAsync(CancellationToken cancellationToken) =>
        _process.WaitForLineAsync(LoadGenProcess.MeasuringLine, _lifetime, cancellationToken);

    /// <summary>Ends the window (SIGTERM), waits for the generator to close its sockets and exit, and returns its JSON result.</summary>
    public async Task<JsonElement> CloseWindowAsync(CancellationToken cancellationToken)
    {
        // No managed API sends SIGTERM (Process.Kill is SIGKILL, which would lose the result): kill(1) does.
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) } })
            ?? throw new InvalidOperationException("kill(1) could not be started."))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _process.Exited.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        var line = _process.OutputLines.LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"the load generator (pid {_process.Id}) exited (code {_process.ExitCode}) without a result line.");
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
