using LiveDash.Grains.Hosting;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Membership;
using LiveDash.TestingHost;

namespace LiveDash.IntegrationTests.Gateway.Cluster;

/// <summary>
/// A TestCluster of silos with the product grains, and gateways that are cluster clients of it over real
/// TCP (sharing its membership table), as in production: <c>LiveDash:Cluster:Provider=postgres</c> without PostgreSQL.
/// </summary>
internal sealed class GatewayCluster : IAsyncDisposable
{
    private readonly InMemoryMembershipTable _table = new();
    private readonly List<GatewayServer> _gateways = [];
    private TestCluster? _cluster;

    /// <summary>The silos (and a client of their own, for writing and reading grains directly).</summary>
    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>Starts <paramref name="silos"/> silos with shared memory storage.</summary>
    public static async Task<GatewayCluster> StartAsync(int silos = 3)
    {
        var cluster = new GatewayCluster();
        cluster._cluster = await new TestClusterBuilder { InitialSilosCount = silos }
            .UseMembershipTable((_, _) => cluster._table)
            .UseSharedMemoryStorage()
            .ConfigureSilo(silo => silo.AddLiveDashGrains())
            .ConfigureClient(client => client.AddLiveDashGrains())
            .BuildAndStartAsync();
        return cluster;
    }

    /// <summary>Starts a gateway that is a client of the cluster; it is disposed with the cluster.</summary>
    public async Task<GatewayServer> StartGatewayAsync()
    {
        var gateway = await GatewayServer.StartAsync(
            new Dictionary<string, string?> { ["LiveDash:Cluster:ClusterId"] = Cluster.ClusterId },
            configureRuntime: builder => builder.UseLiveDashClient(client => client.AddLiveDashGrains().UseInMemoryClustering(_table)));
        _gateways.Add(gateway);
        return gateway;
    }

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
