using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Postgres;
using LiveDash.Runtime.Serialization;
using LiveDash.Runtime.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>
/// Registration of the storage providers in a real silo host (<c>UseLiveDashSilo</c>) and validation
/// of their options when the host starts.
/// </summary>
public sealed class GrainStorageSiloBuilderExtensionsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AddSqliteGrainStorage_MaxWritesPerCommitZero_HostStartFailsNamingOptionAndValue()
    {
        using var host = BuildHost(silo => silo.AddSqliteGrainStorage(configure: options =>
        {
            options.ConnectionString = "Data Source=" + _directory.File("grains.db");
            options.MaxWritesPerCommit = 0;
        }));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WithTimeout("the host start to fail validation"));

        Assert.Contains("LiveDash:Storage:SqliteOptions:MaxWritesPerCommit must be between 1 and 10000; it was 0.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSqliteGrainStorage_NamedProviderBadValueInConfiguration_HostStartFailsNamingSectionAndValue()
    {
        var settings = new Dictionary<string, string?>
        {
            ["LiveDash:Storage:SqliteOptions:archive:ConnectionString"] = "Data Source=" + _directory.File("archive.db"),
            ["LiveDash:Storage:SqliteOptions:archive:MaxPendingWrites"] = "-5",
        };
        using var host = BuildHost(silo => silo.AddSqliteGrainStorage("archive"), settings);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WithTimeout("the host start to fail validation"));

        Assert.Contains("LiveDash:Storage:SqliteOptions:archive:MaxPendingWrites must be between 1 and 1000000; it was -5.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SqliteGrainStorage_InMemoryConnectionString_ThrowsNamingOptionAndValue()
    {
        var options = new SqliteGrainStorageOptions { ConnectionString = "Data Source=:memory:" };

        var ex = Assert.Throws<OptionsValidationException>(
            () => new SqliteGrainStorage(GrainStorageNames.Default, options, new RuntimeJsonSerializer(Options.Create(new SerializationOptions()))));

        Assert.Contains("LiveDash:Storage:SqliteOptions:ConnectionString must name a database file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("':memory:'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SqliteGrainStorageOptions_Defaults_PassValidation()
    {
        var result = new SqliteGrainStorageOptionsValidator().Validate(GrainStorageNames.Default, new SqliteGrainStorageOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public async Task AddSqliteGrainStorage_ValidOptions_ResolvesWorkingKeyedProvider()
    {
        var path = _directory.File("data", "grains.db");
        using var host = BuildHost(silo => silo.AddSqliteGrainStorage(configure: options => options.ConnectionString = "Data Source=" + path));
        await host.StartAsync().WithTimeout("the host to start");

        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var state = new GrainState<StorageTestState> { State = { Name = "cpu" } };
        await storage.WriteStateAsync("state", new GrainId("metric", "cpu"), state, CancellationToken.None).WithTimeout("the write through the registered provider");

        Assert.IsType<SqliteGrainStorage>(storage);
        Assert.Equal("1", state.ETag);
        Assert.True(File.Exists(path), $"expected the database file at {path}");
        await host.StopAsync().WithTimeout("the host to stop");
    }

    [Fact]
    public async Task AddPostgresGrainStorage_NoConnectionString_HostStartFailsNamingOption()
    {
        using var host = BuildHost(silo => silo.AddPostgresGrainStorage());

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WithTimeout("the host start to fail validation"));

        Assert.Contains("LiveDash:Storage:PostgresOptions:ConnectionString must be an Npgsql connection string", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPostgresGrainStorage_MaxWritesPerCommitInConfiguration_HostStartFailsNamingSectionAndValue()
    {
        var settings = new Dictionary<string, string?>
        {
            ["LiveDash:Storage:PostgresOptions:ConnectionString"] = "Host=127.0.0.1;Username=livedash;Password=secret",
            ["LiveDash:Storage:PostgresOptions:MaxWritesPerCommit"] = "20000",
        };
        using var host = BuildHost(silo => silo.AddPostgresGrainStorage(), settings);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WithTimeout("the host start to fail validation"));

        Assert.Contains("LiveDash:Storage:PostgresOptions:MaxWritesPerCommit must be between 1 and 10000; it was 20000.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgresGrainStorage_ConnectionStringWithoutHost_ThrowsNamingOption()
    {
        var options = new PostgresGrainStorageOptions { ConnectionString = "Username=livedash;Password=secret" };

        var ex = Assert.Throws<OptionsValidationException>(
            () => new PostgresGrainStorage(GrainStorageNames.Default, options, new RuntimeJsonSerializer(Options.Create(new SerializationOptions()))));

        Assert.Contains("LiveDash:Storage:PostgresOptions:ConnectionString must name a Host", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddMemoryGrainStorage_Named_RegistersOnlyThatKey()
    {
        using var host = BuildHost(silo => silo.AddMemoryGrainStorage("scratch"));

        Assert.IsType<MemoryGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>("scratch"));
        Assert.Null(host.Services.GetKeyedService<IGrainStorage>(GrainStorageNames.Default));
    }

    private static IHost BuildHost(Action<ISiloBuilder> configureSilo, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.UseLiveDashSilo(configureSilo);
        return builder.Build();
    }
}
