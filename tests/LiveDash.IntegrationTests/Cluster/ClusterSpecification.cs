using System.Diagnostics;
using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using LiveDash.TestingHost;
using Xunit;

namespace LiveDash.IntegrationTests.Cluster;

/// <summary>
/// The cluster's behaviour on three silos over real loopback TCP: placement spread, failover after a
/// crash, joins, graceful stops, turn-based calls from every silo, and partitions. Each membership
/// and storage setup (in memory; PostgreSQL) derives a class from this one.
/// </summary>
public abstract class ClusterSpecification : IAsyncLifetime
{
    /// <summary>The failure-detection bound the defaults promise (README, MembershipOptions).</summary>
    protected static readonly TimeSpan DetectionBound = TimeSpan.FromSeconds(10);

    private TestCluster? _cluster;

    protected TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>A builder with this setup's membership table and grain storage; grains are added by the base.</summary>
    protected abstract Task<TestClusterBuilder> CreateBuilderAsync();

    public async Task InitializeAsync()
    {
        var builder = (await CreateBuilderAsync())
            .ConfigureSilo(silo => silo.AddGrains(typeof(ClusterSpecification).Assembly))
            .ConfigureClient(client => client.AddGrainTypes(typeof(ClusterSpecification).Assembly));
        _cluster = await builder.BuildAndStartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Grains_SpreadOverEverySilo_AndRunWhereTheViewSays()
    {
        var placements = await PlaceAsync(Keys("spread", 1000));

        var perSilo = placements.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Cluster.Silos.Select(s => s.Address.ToString()).Order(), perSilo.Keys.Order());
        Assert.All(perSilo.Values, count => Assert.InRange(count, 250, 420));
        foreach (var (key, silo) in placements)
        {
            Assert.Equal(Cluster.OwnerOf(GrainOf(key))!.ToString(), silo);
        }
    }

    [Fact]
    public async Task ExceptionFromARemoteGrain_ReachesTheCallerWithTypeAndMessage()
    {
        var keys = Keys("fail", 30);
        var placements = await PlaceAsync(keys);
        var remote = placements.Keys.First();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Cluster.Client.GetGrain<IClusterCounterGrain>(remote).FailAsync("bad input 42"));

        Assert.Equal("bad input 42", error.Message);
    }

    [Fact]
    public async Task KilledSilo_ItsGrainsAnswerFromTheOthersWithinTheBound_WithStoredState()
    {
        var keys = Keys("failover", 300);
        var placements = await PlaceAsync(keys);
        await Task.WhenAll(keys.Select((k, i) => Cluster.Client.GetGrain<IClusterCounterGrain>(k).AddAsync(i + 1)));
        var victim = Cluster.Silos[1];
        var orphaned = placements.Where(p => p.Value == victim.Address.ToString()).Select(p => p.Key).ToList();
        Assert.NotEmpty(orphaned);

        var clock = Stopwatch.StartNew();
        await Cluster.KillSiloAsync(victim);
        var totals = await Task.WhenAll(orphaned.Select(k => CallUntilAnsweredAsync(k, DetectionBound)));
        var recovery = clock.Elapsed;

        Assert.True(recovery < DetectionBound, $"The killed silo's grains took {recovery.TotalSeconds:0.0} s to answer again.");
        Assert.Equal(orphaned.Select(k => keys.IndexOf(k) + 1), totals.Select(t => t.Total));
        Assert.All(totals, t => Assert.NotEqual(victim.Address.ToString(), t.Silo));
        await Cluster.WaitForLivenessToStabilizeAsync();
        Assert.Equal(2, Cluster.ClientView.ActiveSilos.Length);
    }

    [Fact]
    public async Task JoiningSilo_TakesAboutAQuarterOfTheGrains_AndNoneMoveElsewhere()
    {
        var keys = Keys("join", 1000);
        var before = await PlaceAsync(keys);

        var newcomer = await Cluster.StartAdditionalSiloAsync();
        await Cluster.WaitForLivenessToStabilizeAsync();
        var after = await PlaceAsync(keys);

        var moved = keys.Where(k => before[k] != after[k]).ToList();
        Assert.InRange(moved.Count, 150, 350);
        Assert.All(moved, k => Assert.Equal(newcomer.Address.ToString(), after[k]));
    }

    [Fact]
    public async Task GracefulStop_LosesNoAcknowledgedWrite()
    {
        var keys = Keys("graceful", 60);
        await PlaceAsync(keys);
        var progress = new WriteProgress(keys.Count);
        using var stopWriting = new CancellationTokenSource();

        var writers = keys.Select((key, i) => Task.Run(async () =>
        {
            var grain = Cluster.Client.GetGrain<IClusterCounterGrain>(key);
            while (!stopWriting.IsCancellationRequested)
            {
                progress.Attempt(i);
                try
                {
                    await grain.AddAsync(1);
                    progress.Acknowledge(i);
                }
                catch (Exception exception) when (exception is SiloUnavailableException or InconsistentStateException or TimeoutException)
                {
                    // Not acknowledged: the writer tries again, as a gateway's client would.
                }
            }
        })).ToList();

        await progress.WhenAsync(acked => acked.All(a => a >= 3)).WaitAsync(TimeSpan.FromSeconds(30));
        var stopped = Cluster.Silos[0];
        await Cluster.StopSiloAsync(stopped);
        await Cluster.WaitForLivenessToStabilizeAsync();
        var atStop = progress.TotalAcknowledged();
        await progress.WhenAsync(acked => acked.Sum() >= atStop + (3 * keys.Count)).WaitAsync(TimeSpan.FromSeconds(30));
        await stopWriting.CancelAsync();
        await Task.WhenAll(writers);

        Assert.DoesNotContain(stopped.Address, Cluster.ClientView.ActiveSilos);
        for (var i = 0; i < keys.Count; i++)
        {
            var stored = await Cluster.Client.GetGrain<IClusterCounterGrain>(keys[i]).GetAsync();
            Assert.InRange(stored, progress.Acknowledged(i), progress.Attempted(i));
        }
    }

    [Fact]
    public async Task RestartedSilo_RejoinsOnItsPortAsANewIncarnation_AndStateCarriesOn()
    {
        var keys = Keys("restart", 100);
        await Task.WhenAll(keys.Select((k, i) => Cluster.Client.GetGrain<IClusterCounterGrain>(k).AddAsync(i + 1)));
        var old = Cluster.Silos[2];

        var restarted = await Cluster.RestartSiloAsync(old);
        await Cluster.WaitForLivenessToStabilizeAsync();

        Assert.Equal(old.Address.Port, restarted.Address.Port);
        Assert.True(restarted.Address.Generation > old.Address.Generation);
        Assert.Contains(restarted.Address, Cluster.ClientView.ActiveSilos);
        Assert.DoesNotContain(old.Address, Cluster.ClientView.ActiveSilos);
        var totals = await Task.WhenAll(keys.Select(k => Cluster.Client.GetGrain<IClusterCounterGrain>(k).AddAsync(1000)));
        Assert.Equal(keys.Select((_, i) => i + 1001), totals);
        var placements = await PlaceAsync(keys);
        Assert.Contains(restarted.Address.ToString(), placements.Values);
    }

    [Fact]
    public async Task ConcurrentCallsToOneGrainFromEverySilo_StayTurnBased()
    {
        const string Key = "turns";
        var callers = Cluster.Silos.Select(s => s.GrainFactory).Append(Cluster.Client).ToList();

        var results = await Task.WhenAll(callers.SelectMany(f => Enumerable.Range(0, 50).Select(_ => f.GetGrain<IClusterCounterGrain>(Key).TurnAsync())));

        Assert.Equal(callers.Count * 50, results.Length);
        Assert.Equal(0, await Cluster.Client.GetGrain<IClusterCounterGrain>(Key).TurnAsync());
    }

    [Fact]
    public async Task PartitionBetweenTwoSilos_ClusterConvergesOnOneOfThem()
    {
        var keys = Keys("partition", 200);
        await PlaceAsync(keys);
        var (a, b) = (Cluster.Silos[0], Cluster.Silos[1]);

        Cluster.Partition(a, b);
        var loser = await Task.WhenAny(a.DeclaredDead, b.DeclaredDead).WaitAsync(TimeSpan.FromSeconds(30));
        await Cluster.WaitForLivenessToStabilizeAsync();

        Assert.Equal(2, Cluster.Silos.Count);
        Assert.Equal(2, Cluster.ClientView.ActiveSilos.Length);
        Assert.True(a.IsRunning ^ b.IsRunning, "exactly one side of the partition leaves");
        var placements = await PlaceAsync(keys);
        Assert.All(placements.Values, silo => Assert.Contains(silo, Cluster.Silos.Select(s => s.Address.ToString())));
    }

    /// <summary>Calls every grain once and returns where each runs.</summary>
    protected async Task<Dictionary<string, string>> PlaceAsync(IReadOnlyList<string> keys)
    {
        var silos = await Task.WhenAll(keys.Select(k => Cluster.Client.GetGrain<IClusterCounterGrain>(k).GetSiloAsync()));
        return keys.Zip(silos).ToDictionary(p => p.First, p => p.Second);
    }

    protected static List<string> Keys(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i}")];

    private static GrainId GrainOf(string key) => new("clustercounter", key);

    /// <summary>Retries a grain until it answers (a call to a dead silo fails until the cluster notices), within <paramref name="bound"/>.</summary>
    private async Task<(int Total, string Silo)> CallUntilAnsweredAsync(string key, TimeSpan bound)
    {
        var grain = Cluster.Client.GetGrain<IClusterCounterGrain>(key);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var total = await grain.GetAsync();
                return (total, await grain.GetSiloAsync());
            }
            catch (Exception exception) when (exception is SiloUnavailableException or TimeoutException && clock.Elapsed < bound)
            {
                // Polling is the point here: the test measures how soon the grain answers again.
                await Task.Delay(50);
            }
        }
    }
}
