using System.Globalization;
using LiveDash.Bench.Hosting;

namespace LiveDash.Bench.Scenarios.Ingest;

/// <summary>
/// The ingest baseline's process: <c>bench/LiveDash.Baselines</c> with no publisher (<c>--rate 0</c>),
/// whose <c>POST /parse/metrics</c> reads and parses a batch with the gateway's own code and answers
/// like the gateway, without touching a cluster.
/// </summary>
internal sealed class ParseOnlyServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ParseOnlyServer(ChildProcess process, int port)
    {
        _process = process;
        Url = new Uri($"http://127.0.0.1:{port}/parse/metrics");
    }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    public static async Task<ParseOnlyServer> StartAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var port = LoopbackPort.Free();
        var process = ChildProcess.StartDotnet(
            "parse-only",
            BenchPaths.Baselines,
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--rate", "0", "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)],
            log);
        var server = new ParseOnlyServer(process, port);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                if (process.Exited.IsCompleted)
                {
                    throw new InvalidOperationException($"the parse-only server exited (code {process.ExitCode}) before listening.");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/stats"), cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return server;
                    }
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    // Not listening yet.
                }

                await Task.Delay(100, cancellationToken);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

}
