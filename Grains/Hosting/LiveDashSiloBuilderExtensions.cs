using LiveDash.Grains.Aggregation;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LiveDash.Grains.Hosting;

/// <summary>Composes a LiveDash silo from configuration: the product's grains and its grain storage.</summary>
public static class LiveDashSiloBuilderExtensions
{
    /// <summary>Configuration key choosing the grain storage provider (CONTRACT.md).</summary>
    public const string StorageProviderKey = "LiveDash:Storage:Provider";

    /// <summary>Configuration key of the SQLite connection string (CONTRACT.md).</summary>
    public const string SqliteConnectionStringKey = "LiveDash:Storage:Sqlite";

    /// <summary>Configuration key of the cluster's Npgsql connection string, also used by PostgreSQL grain storage (CONTRACT.md).</summary>
    public const string PostgresConnectionStringKey = "LiveDash:Cluster:Postgres";

    /// <summary>
    /// Hosts the metric and scoreboard grains, with <see cref="MetricGrainOptions"/> bound from
    /// <c>LiveDash:Grains:Metric</c> and <see cref="ScoreboardGrainOptions"/> from
    /// <c>LiveDash:Grains:Scoreboard</c>, validated at start, and their state serialized by
    /// source-generated JSON contexts.
    /// </summary>
    public static ISiloBuilder AddLiveDashGrains(this ISiloBuilder builder)
    {
        builder.AddGrains(typeof(LiveDashSiloBuilderExtensions).Assembly);
        var services = builder.Services;
        services.AddOptions<MetricGrainOptions>().BindConfiguration("LiveDash:Grains:Metric").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetricGrainOptions>, MetricGrainOptionsValidator>());
        services.AddOptions<ScoreboardGrainOptions>().BindConfiguration("LiveDash:Grains:Scoreboard").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScoreboardGrainOptions>, ScoreboardGrainOptionsValidator>());
        services.Configure<SerializationOptions>(o =>
        {
            o.TypeInfoResolvers.Add(GrainStateJsonContext.Default);
            o.TypeInfoResolvers.Add(GrainsJsonContext.Default);
        });
        return builder;
    }

    /// <summary>
    /// Adds the default grain storage that <c>LiveDash:Storage:Provider</c> names: <c>sqlite</c>
    /// (default; file from <c>LiveDash:Storage:Sqlite</c>, default <c>Data Source=./data/livedash.db</c>),
    /// <c>postgres</c> (database from <c>LiveDash:Cluster:Postgres</c>) or <c>memory</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The provider name is unknown, or <c>postgres</c> is chosen without <c>LiveDash:Cluster:Postgres</c>.</exception>
    public static ISiloBuilder AddConfiguredGrainStorage(this ISiloBuilder builder)
    {
        var provider = builder.Configuration[StorageProviderKey] ?? "sqlite";
        switch (provider.ToUpperInvariant())
        {
            case "MEMORY":
                builder.AddMemoryGrainStorage();
                break;
            case "SQLITE":
                var connectionString = builder.Configuration[SqliteConnectionStringKey];
                builder.AddSqliteGrainStorage(configure: o =>
                {
                    if (!string.IsNullOrWhiteSpace(connectionString))
                    {
                        o.ConnectionString = connectionString;
                    }
                });
                break;
            case "POSTGRES":
                var postgres = builder.Configuration[PostgresConnectionStringKey];
                if (string.IsNullOrWhiteSpace(postgres))
                {
                    throw new InvalidOperationException(
                        $"{StorageProviderKey}=postgres needs the database's Npgsql connection string in {PostgresConnectionStringKey} "
                        + "(e.g. --LiveDash:Cluster:Postgres=\"Host=127.0.0.1;Database=livedash;Username=livedash\" or env LiveDash__Cluster__Postgres); it is not set.");
                }

                builder.AddPostgresGrainStorage(configure: o => o.ConnectionString = postgres);
                break;
            default:
                throw new InvalidOperationException($"{StorageProviderKey} must be 'sqlite', 'postgres' or 'memory'; it was '{provider}'.");
        }

        return builder;
    }
}
