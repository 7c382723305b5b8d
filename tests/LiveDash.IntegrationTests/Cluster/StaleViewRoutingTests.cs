using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Membership;
using LiveDash.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.IntegrationTests.Cluster;

/// <summary>
/// A caller with a stale view sends calls to the grain's former owner; the silo answers "not
/// owner", and the caller catches up with the table and retries once, so the call still succeeds.
/// </summary>
public sealed class StaleViewRoutingTests : IAsyncLifetime
{
    private TestCluster? _cluster;

    private TestCluster Cluster => _cluster!;

    public async Task InitializeAsync()
    {
        var table = new InMemoryMembershipTable();
        _cluster = await new TestClusterBuilder { InitialSilosCount = 2 }
            .UseSharedMemoryStorage()
            // The client never hears of changes and polls only every ten minutes (the longest allowed): only a "not owner"
            // answer can bring its view up to date.
            .UseMembershipTable((_, services) => services.GetService<Catalog>() is null ? new SilentMembershipTable(table) : table)
            .Configure("LiveDash:Runtime:Membership:TableRefreshPeriod", "00:10:00")
            .ConfigureSilo(silo => silo.AddGrains(typeof(StaleViewRoutingTests).Assembly))
            .ConfigureClient(client => client.AddGrainTypes(typeof(StaleViewRoutingTests).Assembly))
            .BuildAndStartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task CallerWithAStaleView_IsToldNotOwner_AndReachesTheNewOwner()
    {
        var keys = Enumerable.Range(0, 300).Select(i => $"stale-{i}").ToList();
        await Task.WhenAll(keys.Select((k, i) => Cluster.Client.GetGrain<IClusterCounterGrain>(k).AddAsync(i + 1)));
        var staleVersion = Cluster.ClientView.Version;

        var newcomer = await Cluster.StartAdditionalSiloAsync();
        await WaitForSilosToSeeAsync(newcomer);
        Assert.Equal(staleVersion, Cluster.ClientView.Version);

        var answers = await Task.WhenAll(keys.Select(async k =>
        {
            var grain = Cluster.Client.GetGrain<IClusterCounterGrain>(k);
            return (Total: await grain.GetAsync(), Silo: await grain.GetSiloAsync());
        }));

        Assert.Equal(keys.Select((_, i) => i + 1), answers.Select(a => a.Total));
        Assert.Contains(answers, a => a.Silo == newcomer.Address.ToString());
        Assert.True(Cluster.ClientView.Version > staleVersion, "the client caught up after a 'not owner' answer");
        Assert.Contains(newcomer.Address, Cluster.ClientView.ActiveSilos);
    }

    /// <summary>Waits (on view changes) until every silo's view has the newcomer; the client's stays stale.</summary>
    private async Task WaitForSilosToSeeAsync(SiloHandle newcomer)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var silo in Cluster.Silos)
        {
            silo.Services.GetRequiredService<ClusterMembershipService>().OnChanged((_, _) =>
            {
                if (Cluster.Silos.All(s => s.CurrentView.IsActive(newcomer.Address)))
                {
                    seen.TrySetResult();
                }
            });
        }

        if (!Cluster.Silos.All(s => s.CurrentView.IsActive(newcomer.Address)))
        {
            await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
