using System.Diagnostics;
using LiveDash.Bench.Hosting;
using LiveDash.Bench.Scenarios.Fanout;
using LiveDash.TestingHost;

namespace LiveDash.Bench.Scenarios.Storm;

/// <summary>
/// What a gateway restart needs so topic history survives it: a throwaway PostgreSQL (membership),
/// one silo process (grain state in memory: it lives through the storm), an ingest gateway the bench
/// writes to (writers keep writing while the push gateway is down, as behind a load balancer), and the
/// push gateway the clients hold their streams on, which <see cref="RestartPushAsync"/> restarts on the
/// same port. Every process is a child that dies with the bench (the stats hook's parent watch).
/// </summary>
internal sealed class StormCluster : IAsyncDisposable
{
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(90);

    private readonly PostgresServer _postgres;
    private readonly string _connection;
    private readonly TextWriter _log;
    private readonly List<ChildProcess> _children = [];

    private StormCluster(PostgresServer postgres, string connection, TextWriter log)
    {
        _postgres = postgres;
        _connection = connection;
        _log = log;
        PushPort = LoopbackPort.Free();
        IngestPort = LoopbackPort.Free();
    }

    public int PushPort { get; }

    public int IngestPort { get; }

    /// <summary>The push gateway now running.</summary>
    public ChildProcess Push { get; private set; } = null!;

    public static async Task<StormCluster> StartAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var postgres = await PostgresServer.StartAsync(cancellationToken: cancellationToken);
        var cluster = new StormCluster(postgres, await postgres.CreateDatabaseAsync("storm", cancellationToken), log);
        try
        {
            cluster._children.Add(ChildProcess.StartDotnet(
                "silo",
                BenchPaths.Silo,
                [
                    "--LiveDash:Cluster:Provider=postgres",
                    $"--LiveDash:Cluster:Postgres={cluster._connection}",
                    "--LiveDash:Silo:Port=0",
                    "--LiveDash:Storage:Provider=memory",
                    "--Logging:LogLevel:Default=Warning",
                ],
                log,
                PushTargets.GatewayEnvironment(LoopbackPort.Free(), Environment.ProcessId)));
            var ingest = cluster.StartGateway("ingest", cluster.IngestPort);
            cluster.Push = cluster.StartGateway("push", cluster.PushPort);
            await WaitReadyAsync(ingest, cluster.IngestPort, cancellationToken);
            await WaitReadyAsync(cluster.Push, cluster.PushPort, cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops the push gateway — SIGTERM (a deploy: it sends every stream a 4000 <c>disconnect</c> and
    /// stops) or SIGKILL (a crash: streams just end) — waits for it to exit, starts a new one on the same
    /// port and waits until its <c>/readyz</c> answers 200. <paramref name="started"/> is called with the
    /// new process as soon as it exists (to sample its CPU from its first instant).
    /// </summary>
    public async Task<(TimeSpan Exited, TimeSpan Ready)> RestartPushAsync(bool crash, Action<ChildProcess> started, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (crash)
        {
            Process.GetProcessById(Push.Id).Kill();
        }
        else
        {
            using var term = Process.Start("kill", ["-TERM", Push.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync(cancellationToken);
        }

        await Push.Exited.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var exited = clock.Elapsed;
        _children.Remove(Push);
        await Push.DisposeAsync();

        Push = StartGateway("push", PushPort);
        started(Push);
        await WaitReadyAsync(Push, PushPort, cancellationToken);
        return (exited, clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var child in Enumerable.Reverse(_children))
        {
            await child.DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }

    private ChildProcess StartGateway(string name, int port)
    {
        var child = ChildProcess.StartDotnet(
            name,
            BenchPaths.Gateway,
            PushTargets.GatewayArguments(
                port,
                "--LiveDash:Cluster:Provider=postgres",
                $"--LiveDash:Cluster:Postgres={_connection}",
                $"--LiveDash:Gateway:Name={name}"),
            _log,
            PushTargets.GatewayEnvironment(LoopbackPort.Free(), Environment.ProcessId));
        _children.Add(child);
        return child;
    }

    /// <summary>Until the gateway's <c>/readyz</c> answers 200, at most <see cref="s_readyTimeout"/>.</summary>
    private static async Task WaitReadyAsync(ChildProcess gateway, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_readyTimeout);
        try
        {
            await GatewayReadiness.WaitAsync(
                new Uri($"http://127.0.0.1:{port}/"),
                () =>
                {
                    if (gateway.Exited.IsCompleted)
                    {
                        throw new InvalidOperationException($"the gateway on port {port} exited (code {gateway.ExitCode}) before it was ready.");
                    }
                },
                timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the gateway on port {port} was not ready (GET /readyz) within {s_readyTimeout.TotalSeconds} s.");
        }
    }

}
