using LiveDash.Grains;
using LiveDash.Grains.Hosting;
using LiveDash.IntegrationTests.Runtime.Persistence;
using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace LiveDash.IntegrationTests.Grains;

/// <summary>The product silo as users configure it (LiveDash:Storage:*), restarted on the same SQLite file.</summary>
public sealed class SqliteSiloRestartTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task MetricAndBoardState_SurviveSiloRestartOnSameSqliteFile()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var tags = new Dictionary<string, string> { ["host"] = "a" };

        using (var first = await StartSiloAsync())
        {
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IMetricGrain>("cpu.load").RecordAsync(new MetricBatch("b1", [new(0.25, now, tags), new(0.75, now, tags)]));
            await grains.GetGrain<IScoreboardGrain>("match-1").ApplyAsync(new BoardCommand(Title: "Final", Set: new Dictionary<string, long> { ["team-a"] = 2 }));
            await first.StopAsync();
        }

        using var second = await StartSiloAsync();
        var again = second.Services.GetRequiredService<IGrainFactory>();
        var series = Assert.Single((await again.GetGrain<IMetricGrain>("cpu.load").GetSnapshotAsync()).Data.Series);
        var board = (await again.GetGrain<IScoreboardGrain>("match-1").GetSnapshotAsync()).Data;
        var repeat = await again.GetGrain<IMetricGrain>("cpu.load").RecordAsync(new MetricBatch("b1", [new(0.25, now, tags)]));
        await second.StopAsync();

        Assert.Equal((2L, 1.0, 0.75), (series.Count, series.Sum, series.Last));
        Assert.Equal("Final", board.Title);
        Assert.Equal(new BoardEntry("team-a", 2, 1), Assert.Single(board.Entries));
        Assert.True(repeat.Duplicate);
        Assert.True(File.Exists(_directory.File("data", "livedash.db")));
    }

    [Fact]
    public async Task UnknownStorageProvider_SiloRefusesToStartNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartSiloAsync(provider: "cassandra"));

        Assert.Contains("LiveDash:Storage:Provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("cassandra", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private async Task<IHost> StartSiloAsync(string provider = "sqlite")
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LiveDash:Storage:Provider"] = provider,
            ["LiveDash:Storage:Sqlite"] = "Data Source=" + _directory.File("data", "livedash.db"),
        });
        builder.UseLiveDashSilo(silo => silo.AddLiveDashGrains().AddConfiguredGrainStorage());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
