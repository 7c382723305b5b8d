using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>Grain state kept in SQLite through the real silo: injected, written, and restored after a restart.</summary>
public sealed class SqlitePersistentStateTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task PersistentState_SiloRestartedOnSameDatabase_GrainReactivatesWithWrittenState()
    {
        using (var first = await StartSiloAsync())
        {
            var tally = first.Services.GetRequiredService<IGrainFactory>().GetGrain<ITallyGrain>("cpu");
            await tally.AddAsync(1).WithTimeout("the first grain call to write its state");
            Assert.Equal([1, 2], await tally.AddAsync(2).WithTimeout("the second grain call to write its state"));
            await first.StopAsync().WithTimeout("the first silo to stop");
        }

        using var second = await StartSiloAsync();
        var restored = second.Services.GetRequiredService<IGrainFactory>().GetGrain<ITallyGrain>("cpu");

        Assert.Equal([1, 2], await restored.GetAsync().WithTimeout("the reactivated grain to answer"));
        Assert.Equal([1, 2, 3], await restored.AddAsync(3).WithTimeout("the reactivated grain to write with its restored etag"));
        await second.StopAsync().WithTimeout("the second silo to stop");
    }

    private async Task<IHost> StartSiloAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseLiveDashSilo(silo => silo
            .AddGrain<TallyGrain>()
            .AddSqliteGrainStorage(configure: options => options.ConnectionString = "Data Source=" + _directory.File("silo.db")));
        var host = builder.Build();
        await host.StartAsync().WithTimeout("the silo to start");
        return host;
    }
}
