using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using LiveDash.TestingHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveDash.Bench.Scenarios.Cluster;

/// <summary>
/// Two silos and a cluster client in this process (<see cref="TestCluster"/>: real loopback TCP,
/// in-memory membership, the bench's grains), with grain references ready for both ways of calling
/// across silos: from the client to grains on either silo, and from inside silo 1 to grains silo 2
/// owns. Shared by the scenarios that need a cluster (<c>cluster</c>, <c>streams</c>).
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private const string ClientKeyPrefix = "p-";
    private const string SiloKeyPrefix = "s-";

    private BenchCluster(TestCluster cluster, IPingGrain[] fromClient, IPingGrain[] fromSilo, int clientGrainsOnFirstSilo)
    {
        Cluster = cluster;
        FromClient = fromClient;
        FromSilo = fromSilo;
        ClientGrainsOnFirstSilo = clientGrainsOnFirstSilo;
    }

    /// <summary>The cluster: its silos, and more clients when a scenario needs them.</summary>
    public TestCluster Cluster { get; }

    /// <summary>One grain per slot, keys <c>p-0</c>…, called through the cluster client: every call crosses TCP to its owner.</summary>
    public IReadOnlyList<IPingGrain> FromClient { get; }

    /// <summary>One grain per slot, all owned by silo 2, called through silo 1's grain factory.</summary>
    public IReadOnlyList<IPingGrain> FromSilo { get; }

    /// <summary>How many of <see cref="FromClient"/>'s grains silo 1 owns (the rest are silo 2's).</summary>
    public int ClientGrainsOnFirstSilo { get; }

    /// <summary>
    /// Starts the cluster and picks keys for up to <paramref name="slots"/> calls in flight;
    /// <paramref name="configure"/> adds a scenario's own configuration to the builder.
    /// </summary>
    public static async Task<BenchCluster> StartAsync(int slots, Action<TestClusterBuilder>? configure = null)
    {
        var grains = typeof(PingGrain).Assembly;
        var builder = new TestClusterBuilder { InitialSilosCount = 2 }
            .ConfigureSilo(s => s.AddGrains(grains))
            .ConfigureClient(c => c.AddGrainTypes(grains))
            .ConfigureHost(h => h.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
        configure?.Invoke(builder);
        var cluster = await builder.BuildAndStartAsync();
        try
        {
            var first = cluster.Silos[0];
            var second = cluster.Silos[1];

            var fromClient = new IPingGrain[slots];
            var onFirst = 0;
            for (var i = 0; i < slots; i++)
            {
                var key = ClientKeyPrefix + i;
                fromClient[i] = cluster.Client.GetGrain<IPingGrain>(key);
                onFirst += OwnerOf(cluster, key) == first.Address ? 1 : 0;
            }

            // Rendezvous hashing sends about half the keys to each silo: walk the keys until enough
            // belong to silo 2.
            var fromSilo = new IPingGrain[slots];
            for (int i = 0, found = 0; found < slots; i++)
            {
                var key = SiloKeyPrefix + i;
                if (OwnerOf(cluster, key) == second.Address)
                {
                    fromSilo[found++] = first.GrainFactory.GetGrain<IPingGrain>(key);
                }
            }

            return new BenchCluster(cluster, fromClient, fromSilo, onFirst);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();

    private static SiloAddress? OwnerOf(TestCluster cluster, string key) => cluster.OwnerOf(new GrainId(PingGrain.GrainTypeName, key));
}
