using LiveDash.TestingHost;
using Npgsql;

namespace LiveDash.Bench.Hosting;

/// <summary>
/// A LiveDash cluster as separate processes, started the way <c>./livedash cluster</c> starts one
/// (scripts/cluster.sh): a throwaway PostgreSQL (<see cref="PostgresServer"/>: membership and grain
/// state, fsync on), N silos (<c>Silo/bin/…/LiveDash.Silo.dll</c>) and M gateways that are cluster
/// clients (<c>Gateway/bin/…/LiveDash.Gateway.dll</c>), all on 127.0.0.1. Settings go on each command
/// line as <c>--Key=value</c> (standard .NET configuration). Disposing stops the gateways, then the
/// silos, then PostgreSQL; the processes are <see cref="ChildProcess"/>es, so they are also killed
/// when the bench exits.
/// </summary>
internal sealed class BenchClusterProcesses : IAsyncDisposable
{
    private const string ClusterId = "bench";
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);

    private readonly PostgresServer _postgres;
    private readonly List<ChildProcess> _silos = [];
    private readonly List<ChildProcess> _gateways = [];
    private readonly List<Uri> _gatewayUrls = [];

    private BenchClusterProcesses(PostgresServer postgres)
    {
        _postgres = postgres;
    }

    /// <summary>The gateways' base addresses (<c>http://127.0.0.1:port/</c>), in start order.</summary>
    public IReadOnlyList<Uri> GatewayUrls => _gatewayUrls;

    /// <summary>Process ids of the silos, then the gateways.</summary>
    public IEnumerable<int> ProcessIds => _silos.Concat(_gateways).Select(p => p.Id);

    public IReadOnlyList<int> GatewayProcessIds => [.. _gateways.Select(p => p.Id)];

    public IReadOnlyList<int> SiloProcessIds => [.. _silos.Select(p => p.Id)];

    /// <summary>
    /// CPU time of the PostgreSQL server so far: the postmaster and its children (backends, WAL writer,
    /// checkpointer…) alive now. A backend that exited meanwhile is missed; the bench's connections live
    /// as long as the cluster, so over a row this is the server's CPU.
    /// </summary>
    public TimeSpan PostgresCpuTime()
    {
        var pidFile = Path.Combine(_postgres.DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var postmaster))
        {
            return TimeSpan.Zero;
        }

        var total = ProcessMeter.CpuTime(postmaster);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ParentOf(pid) == postmaster)
            {
                total += ProcessMeter.CpuTime(pid);
            }
        }

        return total;
    }

    /// <summary>
    /// Starts PostgreSQL, <paramref name="silos"/> silos and <paramref name="gateways"/> gateways, and
    /// returns once every silo is Active in the membership table and every gateway answers <c>/readyz</c> 200.
    /// </summary>
    /// <param name="silos">Silo processes.</param>
    /// <param name="gateways">Gateway processes.</param>
    /// <param name="siloSettings">Extra <c>Key=value</c> settings for every silo (e.g. the publish interval).</param>
    /// <param name="gatewaySettings">Extra <c>Key=value</c> settings for every gateway (e.g. the write rate limit).</param>
    /// <param name="log">Progress and the children's stderr.</param>
    /// <param name="cancellationToken">Ctrl-C.</param>
    /// <param name="gatewayEnvironment">Environment variables for gateway i (0-based), e.g. the stats hook; null: none.</param>
    public static async Task<BenchClusterProcesses> StartAsync(
        int silos,
        int gateways,
        IReadOnlyList<string> siloSettings,
        IReadOnlyList<string> gatewaySettings,
        TextWriter log,
        CancellationToken cancellationToken,
        Func<int, IReadOnlyDictionary<string, string>>? gatewayEnvironment = null)
    {
        var postgres = await PostgresServer.StartAsync(cancellationToken: cancellationToken);
        var cluster = new BenchClusterProcesses(postgres);
        try
        {
            var connection = await postgres.CreateDatabaseAsync("livedash", cancellationToken);
            string[] common =
            [
                "--LiveDash:Cluster:Provider=postgres",
                $"--LiveDash:Cluster:Postgres={connection}",
                $"--LiveDash:Cluster:ClusterId={ClusterId}",
                "--Logging:LogLevel:Default=Warning",
            ];
            for (var i = 1; i <= silos; i++)
            {
                string[] args = [.. common, $"--LiveDash:Silo:Port={LoopbackPort.Free()}", "--LiveDash:Demo=false", .. siloSettings.Select(s => "--" + s)];
                cluster._silos.Add(ChildProcess.StartDotnet($"silo-{i}", ClusterPaths.Silo, args, log));
            }

            for (var i = 1; i <= gateways; i++)
            {
                var port = LoopbackPort.Free();
                string[] args = [.. common, $"--LiveDash:Gateway:Name=gateway-{i}", $"--urls=http://127.0.0.1:{port}", .. gatewaySettings.Select(s => "--" + s)];
                cluster._gateways.Add(ChildProcess.StartDotnet($"gateway-{i}", ClusterPaths.Gateway, args, log, gatewayEnvironment?.Invoke(i - 1)));
                cluster._gatewayUrls.Add(new Uri($"http://127.0.0.1:{port}/"));
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_startTimeout);
            await cluster.WaitForActiveSilosAsync(connection, silos, timeout.Token);
            foreach (var url in cluster._gatewayUrls)
            {
                await GatewayReadiness.WaitAsync(url, cluster.ThrowIfAnyExited, timeout.Token);
            }

            log.WriteLine($"  cluster: PostgreSQL 127.0.0.1:{postgres.Port}, {silos} silos (pids {string.Join(' ', cluster.SiloProcessIds)}), "
                + $"{gateways} gateways ({string.Join(' ', cluster._gatewayUrls)}; pids {string.Join(' ', cluster.GatewayProcessIds)})");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Gateways first (they are the silos' clients), then the silos, then their database.
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }

    private async Task WaitForActiveSilosAsync(string connection, int expected, CancellationToken cancellationToken)
    {
        // No event to await from another process's membership: poll the table the silos write.
        await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ConnectionString);
        while (true)
        {
            ThrowIfAnyExited();
            try
            {
                await using var command = source.CreateCommand("SELECT count(*) FROM membership_row WHERE cluster_id = $1 AND status = 'Active'");
                command.Parameters.Add(new NpgsqlParameter { Value = ClusterId });
                if (Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) >= expected)
                {
                    return;
                }
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // No silo has created the table yet.
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private void ThrowIfAnyExited()
    {
        foreach (var process in _silos.Concat(_gateways))
        {
            if (process.Exited.IsCompleted)
            {
                throw new InvalidOperationException($"a cluster process (pid {process.Id}) exited with code {process.ExitCode} during the start; its stderr is above.");
            }
        }
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // Field 4 of /proc/pid/stat, after the command name (which may hold spaces, hence the last ')').
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

}
