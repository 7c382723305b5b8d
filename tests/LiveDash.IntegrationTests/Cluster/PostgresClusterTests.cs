using LiveDash.IntegrationTests.Postgres;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Membership.Postgres;
using LiveDash.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace LiveDash.IntegrationTests.Cluster;

/// <summary>
/// The cluster specification on PostgreSQL: every silo and the client have their own membership
/// table connection (and LISTEN), and grain state lives in the database, as in production.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(PostgresFixture postgres) : ClusterSpecification
{
    protected override async Task<TestClusterBuilder> CreateBuilderAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync("cluster");
        return new TestClusterBuilder()
            .UseMembershipTable((clusterId, services) => new PostgresMembershipTable(
                connectionString,
                clusterId,
                services.GetService<ILogger<PostgresMembershipTable>>()))
            .ConfigureSilo(silo => silo.AddPostgresGrainStorage(configure: o => o.ConnectionString = connectionString));
    }
}
