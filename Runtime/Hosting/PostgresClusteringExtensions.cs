using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Membership.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Hosting;

/// <summary>Membership in PostgreSQL, for silos and cluster clients: the table of the configured cluster id.</summary>
public static class PostgresClusteringExtensions
{
    /// <summary>Joins the cluster whose membership table lives in the database <paramref name="connectionString"/> names.</summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseClustering(sp => Create(sp, connectionString));
    }

    /// <summary>Finds the cluster's silos in the membership table in the database <paramref name="connectionString"/> names.</summary>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseClustering(sp => Create(sp, connectionString));
    }

    private static PostgresMembershipTable Create(IServiceProvider services, string connectionString)
        => new(
            connectionString,
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId,
            services.GetService<ILogger<PostgresMembershipTable>>(),
            services.GetService<TimeProvider>());
}
