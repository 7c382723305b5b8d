using LiveDash.Runtime;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Placement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveDash.TestingHost;

/// <summary>
/// Several silos and a cluster client in one process, talking over real loopback TCP and one
/// membership table (Orleans's <c>TestCluster</c>). A kill is a real crash — sockets dropped, nothing
/// written — so tests exercise failure detection; a partition drops traffic between two silos.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly List<SiloHandle> _silos = [];
    private readonly List<ClientHandle> _clients = [];
    private readonly Lock _changedLock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _siloNumber;

    internal TestCluster(TestClusterOptions options)
    {
        _options = options;
    }

    /// <summary>The cluster id.</summary>
    public string ClusterId => _options.ClusterId;

    /// <summary>Every silo started, running or not, in start order.</summary>
    public IReadOnlyList<SiloHandle> AllSilos
    {
        get
        {
            lock (_silos)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>The silos still running.</summary>
    public IReadOnlyList<SiloHandle> Silos => [.. AllSilos.Where(s => s.IsRunning)];

    /// <summary>The first cluster client (its own host, as a gateway's would be).</summary>
    public IClusterClient Client => PrimaryClient.Client;

    /// <summary>The first cluster client's handle.</summary>
    public ClientHandle PrimaryClient
    {
        get
        {
            lock (_clients)
            {
                return _clients.Count > 0 ? _clients[0] : throw new InvalidOperationException("The cluster is not started.");
            }
        }
    }

    /// <summary>Every cluster client, the first one first.</summary>
    public IReadOnlyList<ClientHandle> Clients
    {
        get
        {
            lock (_clients)
            {
                return [.. _clients];
            }
        }
    }

    /// <summary>The first client's current view of the cluster.</summary>
    public ClusterView ClientView => PrimaryClient.CurrentView;

    private ClientHandle? FirstClient
    {
        get
        {
            lock (_clients)
            {
                return _clients.Count > 0 ? _clients[0] : null;
            }
        }
    }

    /// <summary>Starts one more cluster client, with the same configuration as the first.</summary>
    public async Task<ClientHandle> StartAdditionalClientAsync()
    {
        var host = BuildHost(client: true, port: 0);
        await host.StartAsync();
        var client = new ClientHandle("client-" + (Clients.Count + 1), host, () => AllSilos.Select(s => s.Address));
        lock (_clients)
        {
            _clients.Add(client);
        }

        client.Services.GetRequiredService<ClusterMembershipService>().OnChanged((_, _) => Signal());
        return client;
    }

    /// <summary>Starts one more silo, which joins the cluster.</summary>
    public Task<SiloHandle> StartAdditionalSiloAsync() => StartSiloAsync(port: 0);

    /// <summary>Crashes <paramref name="silo"/>: its sockets drop, its activations vanish, nothing is written to the table.</summary>
    public async Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.IsRunning = false;
        await silo.ClusterService.KillAsync();
        await silo.Host.StopAsync();
        silo.Host.Dispose();
        Signal();
    }

    /// <summary>Stops <paramref name="silo"/> gracefully: ShuttingDown, grains deactivated and persisted, Dead.</summary>
    public async Task StopSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.IsRunning = false;
        await silo.Host.StopAsync();
        silo.Host.Dispose();
        Signal();
    }

    /// <summary>Stops <paramref name="silo"/> gracefully and starts a new incarnation on the same port.</summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await StopSiloAsync(silo);
        return await StartSiloAsync(silo.Address.Port);
    }

    /// <summary>Drops all traffic between <paramref name="a"/> and <paramref name="b"/>, both ways, until <see cref="Heal"/>.</summary>
    public void Partition(SiloHandle a, SiloHandle b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        a.ClusterService.Connections.Block(b.Address);
        b.ClusterService.Connections.Block(a.Address);
    }

    /// <summary>Lets traffic between <paramref name="a"/> and <paramref name="b"/> through again.</summary>
    public void Heal(SiloHandle a, SiloHandle b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        a.ClusterService.Connections.Unblock(b.Address);
        b.ClusterService.Connections.Unblock(a.Address);
    }

    /// <summary>
    /// Waits until every running silo and the client see exactly the running silos as Active, all at
    /// the same table version. Woken by view changes, not by polling; fails after <paramref name="timeout"/>
    /// (default 30 s) naming what each node sees.
    /// </summary>
    public async Task WaitForLivenessToStabilizeAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task changed;
            lock (_changedLock)
            {
                changed = _changed.Task;
            }

            if (IsStable())
            {
                return;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The cluster did not stabilise within {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:0} s. {DescribeViews()}");
            }
        }
    }

    /// <summary>Who owns <paramref name="grainId"/> in the client's view.</summary>
    public SiloAddress? OwnerOf(GrainId grainId) => ClientView.GetOwner(grainId);

    /// <summary>Stops the client and every running silo gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var client in Clients)
        {
            await client.Host.StopAsync();
            client.Host.Dispose();
        }

        foreach (var silo in Silos)
        {
            silo.IsRunning = false;
            await silo.Host.StopAsync();
            silo.Host.Dispose();
        }
    }

    internal async Task DeployAsync(int siloCount)
    {
        for (var i = 0; i < siloCount; i++)
        {
            await StartSiloAsync(port: 0);
        }

        await StartAdditionalClientAsync();
        await WaitForLivenessToStabilizeAsync();
    }

    private async Task<SiloHandle> StartSiloAsync(int port)
    {
        var host = BuildHost(client: false, port);
        await host.StartAsync();
        var silo = new SiloHandle("silo-" + Interlocked.Increment(ref _siloNumber), host);
        silo.ClusterService.Membership.OnChanged((_, _) => Signal());
        _ = silo.DeclaredDead.ContinueWith(_ => OnVotedOutAsync(silo), TaskScheduler.Default).Unwrap();
        lock (_silos)
        {
            _silos.Add(silo);
        }

        Signal();
        return silo;
    }

    private async Task OnVotedOutAsync(SiloHandle silo)
    {
        if (!silo.IsRunning)
        {
            return;
        }

        silo.IsRunning = false;
        Signal();
        await silo.Host.StopAsync();
        silo.Host.Dispose();
    }

    private IHost BuildHost(bool client, int port)
    {
        var builder = new HostBuilder()
            .ConfigureAppConfiguration(configuration =>
            {
                var values = new Dictionary<string, string?>(_options.Configuration, StringComparer.OrdinalIgnoreCase)
                {
                    [ClusterOptions.SectionName + ":ClusterId"] = _options.ClusterId,
                    [SiloEndpointOptions.SectionName + ":Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    [SiloEndpointOptions.SectionName + ":ListenAddress"] = "127.0.0.1",
                };
                configuration.AddInMemoryCollection(values);
            })
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        foreach (var configure in _options.HostConfigurations)
        {
            configure(builder);
        }

        Func<IServiceProvider, IMembershipTable> table = sp => _options.MembershipTable(_options.ClusterId, sp);
        if (client)
        {
            builder.UseLiveDashClient(c =>
            {
                c.UseClustering(table);
                foreach (var configure in _options.ClientConfigurations)
                {
                    configure(c);
                }
            });
        }
        else
        {
            builder.UseLiveDashSilo(s =>
            {
                s.UseClustering(table);
                foreach (var configure in _options.SiloConfigurations)
                {
                    configure(s);
                }
            });
        }

        return builder.Build();
    }

    private bool IsStable()
    {
        var expected = Silos.Select(s => s.Address).OrderBy(a => a.ToString(), StringComparer.Ordinal).ToList();
        if (expected.Count == 0 || FirstClient is null)
        {
            return false;
        }

        var views = Silos.Select(s => s.CurrentView).Concat(Clients.Select(c => c.CurrentView)).ToList();
        return views.All(v => v.ActiveSilos.SequenceEqual(expected) && v.Version == views[0].Version);
    }

    private string DescribeViews()
        => "Running: [" + string.Join(", ", Silos.Select(s => s.Address)) + "]; " +
            string.Join("; ", Silos.Select(s => $"{s.Name} sees {s.CurrentView}")) +
            string.Concat(Clients.Select(c => $"; {c.Name} sees {c.CurrentView}"));

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_changedLock)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }
}
