using LiveDash.IntegrationTests.Postgres;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Membership.Postgres;
using LiveDash.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace LiveDash.IntegrationTests.Grains;

/// <summary>The metric-grain failover specification with membership and grain state (the journals) in PostgreSQL, as in production.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMetricGrainFailoverTests(PostgresFixture postgres) : MetricGrainFailoverSpecification
{
    protected override async Task<TestClusterBuilder> CreateBuilderAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync("metricjournal");
        return new TestClusterBuilder()
            .UseMembershipTable((clusterId, services) => new PostgresMembershipTable(
                connectionString,
                clusterId,
                services.GetService<ILogger<PostgresMembershipTable>>()))
            .ConfigureSilo(silo => silo.AddPostgresGrainStorage(configure: o => o.ConnectionString = connectionString));
    }
}
