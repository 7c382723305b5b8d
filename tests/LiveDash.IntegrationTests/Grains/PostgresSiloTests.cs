using LiveDash.Grains;
using LiveDash.Grains.Hosting;
using LiveDash.IntegrationTests.Postgres;
using LiveDash.IntegrationTests.Runtime.Persistence;
using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace LiveDash.IntegrationTests.Grains;

/// <summary>The product silo configured for PostgreSQL storage (LiveDash:Storage:Provider=postgres, LiveDash:Cluster:Postgres).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSiloTests(PostgresFixture fixture)
{
    [Fact]
    public async Task BoardState_SurvivesSiloRestartOnSameDatabase()
    {
        var database = await fixture.CreateDatabaseAsync("silo");

        using (var first = await StartSiloAsync(database))
        {
            Assert.IsType<PostgresGrainStorage>(first.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default));
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IScoreboardGrain>("match-1").ApplyAsync(new BoardCommand(Title: "Final", Set: new Dictionary<string, long> { ["team-a"] = 2 }));
            await first.StopAsync();
        }

        using var second = await StartSiloAsync(database);
        var board = (await second.Services.GetRequiredService<IGrainFactory>().GetGrain<IScoreboardGrain>("match-1").GetSnapshotAsync()).Data;
        await second.StopAsync();

        Assert.Equal("Final", board.Title);
        Assert.Equal(new BoardEntry("team-a", 2, 1), Assert.Single(board.Entries));
    }

    [Fact]
    public async Task PostgresStorageWithoutClusterConnectionString_SiloRefusesToStartNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartSiloAsync(connectionString: null));

        Assert.Contains("LiveDash:Cluster:Postgres", error.Message, StringComparison.Ordinal);
        Assert.Contains("LiveDash:Storage:Provider=postgres", error.Message, StringComparison.Ordinal);
    }

    private static async Task<IHost> StartSiloAsync(string? connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LiveDash:Storage:Provider"] = "postgres",
            ["LiveDash:Cluster:Postgres"] = connectionString,
        });
        builder.UseLiveDashSilo(silo => silo.AddLiveDashGrains().AddConfiguredGrainStorage());
        var host = builder.Build();
        await host.StartAsync().WithTimeout("the silo to start");
        return host;
    }
}
