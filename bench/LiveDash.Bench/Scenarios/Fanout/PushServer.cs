using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LiveDash.Bench.Hosting;

namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>A started <see cref="PushTarget"/>: its process, port, and readings of its cost.</summary>
internal sealed class PushServer : IAsyncDisposable
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private readonly PushTarget _target;
    private readonly ChildProcess _process;
    private readonly int _statsPort;

    private PushServer(PushTarget target, ChildProcess process, int port, int statsPort)
    {
        _target = target;
        _process = process;
        Port = port;
        _statsPort = statsPort;
    }

    public int Port { get; }

    /// <summary>The bench's publisher for a target that does not publish by itself (the gateway); null otherwise.</summary>
    public MetricPublisher? Publisher { get; private set; }

    public int ProcessId => _process.Id;

    public Uri ClientUrl => new($"http://127.0.0.1:{Port}{_target.Path}");

    /// <summary>
    /// Starts <paramref name="target"/> on a free port and waits until it accepts connections (and, for a
    /// target the bench publishes to, until its first point is stored, so the topic exists).
    /// </summary>
    public static async Task<PushServer> StartAsync(PushTarget target, double eventsPerSecond, TextWriter log, CancellationToken cancellationToken)
    {
        var port = LoopbackPort.Free();
        var statsPort = LoopbackPort.Free();
        var process = target.Start(new PushTargetLaunch(port, eventsPerSecond, Environment.ProcessId, log, statsPort));
        var server = new PushServer(target, process, port, statsPort);
        try
        {
            await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(30), cancellationToken);
            if (target.PublishedMetric is { } metric)
            {
                server.Publisher = await MetricPublisher.StartAsync(
                    new Uri($"http://127.0.0.1:{port}"), metric, eventsPerSecond, TimeSpan.FromSeconds(60), cancellationToken);
            }

            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The target's stats (after a full collection when <paramref name="collect"/>); null when it has none.</summary>
    public async Task<JsonElement?> ReadStatsAsync(bool collect, CancellationToken cancellationToken)
    {
        if (_target.StatsPath is null)
        {
            return null;
        }

        var url = $"http://127.0.0.1:{(_target.StatsOnHookPort ? _statsPort : Port)}{_target.StatsPath}{(collect ? "?gc=1" : "")}";
        using var document = JsonDocument.Parse(await s_http.GetStringAsync(url, cancellationToken));
        return document.RootElement.Clone();
    }

    public TimeSpan CpuTime => ProcessMeter.CpuTime(_process.Id);

    /// <summary>False once the server process has exited.</summary>
    public bool IsRunning => !_process.Exited.IsCompleted;

    public long ResidentBytes => ProcessMeter.ResidentBytes(_process.Id);

    public async ValueTask DisposeAsync()
    {
        if (Publisher is { } publisher)
        {
            await publisher.DisposeAsync();
        }

        await _process.DisposeAsync();
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.Exited.IsCompleted)
            {
                throw new InvalidOperationException($"{_target.Name} exited (code {_process.ExitCode}) before listening on port {Port}.");
            }

            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (SocketException e)
            {
                throw new TimeoutException($"{_target.Name} did not listen on 127.0.0.1:{Port} within {timeout.TotalSeconds} s.", e);
            }
        }
    }

}
