using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using LiveDash.TestingHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>
/// Journaled grain state through real silos: kept in SQLite across a restart, moved to another silo
/// of a cluster when its silo dies, and its options bound and validated when the host starts.
/// </summary>
public sealed class JournaledStateHostingTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task JournaledState_SiloRestartedOnSameSqliteDatabase_GrainRebuildsFromSnapshotAndTail()
    {
        // MaxTailEntries 3 from configuration: the third append carries a snapshot, the fourth and fifth form the tail.
        using (var first = await StartSiloAsync())
        {
            var tally = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IJournaledTallyGrain>("cpu");
            for (var value = 1; value <= 5; value++)
            {
                await tally.AddAsync(value).WithTimeout($"append {value} before the restart");
            }

            await first.StopAsync().WithTimeout("the first silo to stop");
        }

        using var second = await StartSiloAsync();
        var storage = (IJournalStorage)second.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var record = await storage.ReadJournalAsync("tally", new GrainId("journaledtally", "cpu"), CancellationToken.None).WithTimeout("the journal read");
        var restored = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IJournaledTallyGrain>("cpu");

        Assert.Equal(3, record.SnapshotVersion);
        Assert.Equal(2, record.Entries.Count);
        Assert.Equal([1, 2, 3, 4, 5], await restored.GetAsync().WithTimeout("the reactivated grain to answer"));
        Assert.Equal([1, 2, 3, 4, 5, 6], await restored.AddAsync(6).WithTimeout("the reactivated grain to append at its restored version"));
        await second.StopAsync().WithTimeout("the second silo to stop");
    }

    [Fact]
    public async Task JournaledState_OwningSiloKilled_GrainRebuildsOnAnotherSilo()
    {
        await using var cluster = await new TestClusterBuilder()
            .UseSharedMemoryStorage()
            .ConfigureSilo(silo =>
            {
                silo.AddGrain<JournaledTallyGrain>();
                silo.Services.Configure<JournalOptions>(options => options.MaxTailEntries = 4);
            })
            .ConfigureClient(client => client.AddGrainTypes(typeof(JournaledStateHostingTests).Assembly))
            .BuildAndStartAsync()
            .WithTimeout("the cluster to start");
        var victim = cluster.Silos[1];
        var keys = Enumerable.Range(0, 30).Select(i => "tally-" + i).ToList();
        var owners = await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IJournaledTallyGrain>(k).GetSiloAsync())).WithTimeout("every grain to activate");
        var orphaned = keys.Where((_, i) => owners[i] == victim.Address.ToString()).ToList();
        Assert.NotEmpty(orphaned);

        // Six appends each: a snapshot at the fourth, two entries after it.
        foreach (var key in orphaned)
        {
            for (var value = 1; value <= 6; value++)
            {
                await cluster.Client.GetGrain<IJournaledTallyGrain>(key).AddAsync(value).WithTimeout($"append {value} to {key}");
            }
        }

        await cluster.KillSiloAsync(victim).WithTimeout("the silo to be killed");
        await cluster.WaitForLivenessToStabilizeAsync().WithTimeout("the cluster to declare the killed silo dead");

        foreach (var key in orphaned)
        {
            var grain = cluster.Client.GetGrain<IJournaledTallyGrain>(key);
            Assert.Equal([1, 2, 3, 4, 5, 6], await grain.GetAsync().WithTimeout($"{key} to answer from another silo"));
            Assert.NotEqual(victim.Address.ToString(), await grain.GetSiloAsync().WithTimeout($"{key} to say where it runs"));
            Assert.Equal([1, 2, 3, 4, 5, 6, 7], await grain.AddAsync(7).WithTimeout($"{key} to append at its rebuilt version"));
        }
    }

    [Fact]
    public async Task JournalOptions_InvalidValueInConfiguration_HostStartFailsNamingOptionAndValue()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["LiveDash:Runtime:Journal:MaxTailEntries"] = "0" });
        builder.UseLiveDashSilo(silo => silo.AddMemoryGrainStorage());
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WithTimeout("the host start to fail validation"));

        Assert.Contains("LiveDash:Runtime:Journal:MaxTailEntries must be between 1 and 1000000; it was 0.", ex.Message, StringComparison.Ordinal);
    }

    private async Task<IHost> StartSiloAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["LiveDash:Runtime:Journal:MaxTailEntries"] = "3" });
        builder.UseLiveDashSilo(silo => silo
            .AddGrain<JournaledTallyGrain>()
            .AddSqliteGrainStorage(configure: options => options.ConnectionString = "Data Source=" + _directory.File("silo.db")));
        var host = builder.Build();
        await host.StartAsync().WithTimeout("the silo to start");
        return host;
    }
}
