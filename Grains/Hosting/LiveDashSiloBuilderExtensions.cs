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

    /// <summary>Configuration key choosing the cluster membership provider (CONTRACT.md).</summary>
    public const string ClusterProviderKey = "LiveDash:Cluster:Provider";

    /// <summary>Configuration key of the SQLite connection string (CONTRACT.md).</summary>
    public const string SqliteConnectionStringKey = "LiveDash:Storage:Sqlite";

    /// <summary>Configuration key of the cluster's Npgsql connection string, also used by PostgreSQL grain storage (CONTRACT.md).</summary>
    public const string PostgresConnectionStringKey = "LiveDash:Cluster:Postgres";

    /// <summary>Configuration section of <see cref="MetricGrainOptions"/> (gateways bind it too, to validate as the grains do).</summary>
    public const string MetricOptionsSection = "LiveDash:Grains:Metric";

    /// <summary>Configuration section of <see cref="ScoreboardGrainOptions"/> (gateways bind it too, to validate as the grains do).</summary>
    public const string ScoreboardOptionsSection = "LiveDash:Grains:Scoreboard";

    /// <summary>Configuration section of <see cref="TopicDirectoryOptions"/>.</summary>
    public const string TopicDirectoryOptionsSection = "LiveDash:Grains:TopicDirectory";

    /// <summary>
    /// Hosts the metric and scoreboard grains, with <see cref="MetricGrainOptions"/> bound from
    /// <c>LiveDash:Grains:Metric</c> and <see cref="ScoreboardGrainOptions"/> from
    /// <c>LiveDash:Grains:Scoreboard</c>, the topic directory with <see cref="TopicDirectoryOptions"/> from
    /// <c>LiveDash:Grains:TopicDirectory</c>, validated at start, and their state serialized by
    /// source-generated JSON contexts.
    /// </summary>
    public static ISiloBuilder AddLiveDashGrains(this ISiloBuilder builder)
    {
        builder.AddGrains(typeof(LiveDashSiloBuilderExtensions).Assembly);
        var services = builder.Services;
        services.AddOptions<MetricGrainOptions>().BindConfiguration(MetricOptionsSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetricGrainOptions>, MetricGrainOptionsValidator>());
        services.AddOptions<ScoreboardGrainOptions>().BindConfiguration(ScoreboardOptionsSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScoreboardGrainOptions>, ScoreboardGrainOptionsValidator>());
        services.AddOptions<TopicDirectoryOptions>().BindConfiguration(TopicDirectoryOptionsSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TopicDirectoryOptions>, TopicDirectoryOptionsValidator>());
        services.Configure<SerializationOptions>(o =>
        {
            o.TypeInfoResolvers.Add(GrainStateJsonContext.Default);
            o.TypeInfoResolvers.Add(GrainsJsonContext.Default);

            // After GrainsJsonContext: journal entries embed wire DTOs, whose metadata must come from there.
            o.TypeInfoResolvers.Add(GrainJournalJsonContext.Default);
        });
        return builder;
    }

    /// <summary>
    /// Adds the default grain storage that <c>LiveDash:Storage:Provider</c> names: <c>sqlite</c>
    /// (default in <c>local</c> mode; file from <c>LiveDash:Storage:Sqlite</c>, default <c>Data Source=./data/livedash.db</c>),
    /// <c>postgres</c> (default in a <c>postgres</c> cluster; database from <c>LiveDash:Cluster:Postgres</c>) or <c>memory</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The provider name is unknown, or <c>postgres</c> is chosen without <c>LiveDash:Cluster:Postgres</c>.</exception>
    public static ISiloBuilder AddConfiguredGrainStorage(this ISiloBuilder builder)
    {
        // CONTRACT.md: sqlite for a single process, postgres in a cluster (state must outlive any one silo).
        var provider = builder.Configuration[StorageProviderKey] ?? (IsPostgresCluster(builder.Configuration) ? "postgres" : "sqlite");
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

    /// <summary>
    /// Makes the silo a cluster member when <c>LiveDash:Cluster:Provider</c> is <c>postgres</c>
    /// (membership table in the database <c>LiveDash:Cluster:Postgres</c> names); with <c>local</c>
    /// (the default) the silo runs alone.
    /// </summary>
    /// <exception cref="InvalidOperationException">The provider is unknown, or <c>postgres</c> lacks its connection string.</exception>
    public static ISiloBuilder AddConfiguredClustering(this ISiloBuilder builder)
    {
        if (IsPostgresCluster(builder.Configuration))
        {
            builder.UsePostgresClustering(RequirePostgres(builder.Configuration));
        }

        return builder;
    }

    /// <summary>Whether <c>LiveDash:Cluster:Provider</c> asks for a PostgreSQL cluster; throws on an unknown value.</summary>
    public static bool IsPostgresCluster(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = configuration[ClusterProviderKey] ?? "local";
        return provider.ToUpperInvariant() switch
        {
            "LOCAL" => false,
            "POSTGRES" => true,
            _ => throw new InvalidOperationException($"{ClusterProviderKey} must be 'local' or 'postgres'; it was '{provider}'."),
        };
    }

    /// <summary>The cluster's connection string; a clear error when it is missing.</summary>
    public static string RequirePostgres(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[PostgresConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{ClusterProviderKey}=postgres needs the database's Npgsql connection string in {PostgresConnectionStringKey} "
                + "(e.g. --LiveDash:Cluster:Postgres=\"Host=127.0.0.1;Database=livedash;Username=livedash\" or env LiveDash__Cluster__Postgres); it is not set.");
        }

        return connectionString;
    }
}
