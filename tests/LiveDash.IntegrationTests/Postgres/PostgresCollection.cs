using Xunit;

namespace LiveDash.IntegrationTests.Postgres;

/// <summary>
/// The test classes that share the run's <see cref="PostgresFixture"/>. Starting one server (initdb
/// plus start, about a second) instead of one per class keeps the suite fast; each test still gets
/// its own database.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
