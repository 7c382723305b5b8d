using LiveDash.Grains.Hosting;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Membership;
using LiveDash.TestingHost;

namespace LiveDash.BrowserTests.Harness;

/// <summary>
/// The product as it runs in a cluster, in one process: a TestCluster of silos holding the grains (and their
/// stream buffers, from which a gateway resumes a client's cursor) and gateways that are cluster clients of it
/// over real TCP, sharing its in-memory membership table. A gateway can crash and come back while every topic's
/// state and recent history live on in the silos.
/// </summary>
internal sealed class DashboardCluster : IAsyncDisposable
{
    private readonly InMemoryMembershipTable _table = new();
    private readonly List<DashboardGateway> _gateways = [];
    private TestCluster? _cluster;

    /// <summary>The silos.</summary>
    public TestCluster Silos => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>Starts <paramref name="silos"/> silos with shared memory grain storage.</summary>
    public static async Task<DashboardCluster> StartAsync(int silos = 3)
    {
        var cluster = new DashboardCluster();
        try
        {
            cluster._cluster = await new TestClusterBuilder { InitialSilosCount = silos }
                .UseMembershipTable((_, _) => cluster._table)
                .UseSharedMemoryStorage()
                .ConfigureSilo(silo => silo.AddLiveDashGrains())
                .ConfigureClient(client => client.AddLiveDashGrains())
                .BuildAndStartAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>
    /// Starts a gateway serving the built UI, a client of this cluster, on <paramref name="port"/> (0: a free one,
    /// kept for its restarts). It is disposed with the cluster.
    /// </summary>
    public async Task<DashboardGateway> StartGatewayAsync(string name, int port = 0)
    {
        var gateway = new DashboardGateway(name, port, Silos.ClusterId, builder =>
            builder.UseLiveDashClient(client => client.AddLiveDashGrains().UseInMemoryClustering(_table)));
        _gateways.Add(gateway);
        await gateway.StartAsync();
        return gateway;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
