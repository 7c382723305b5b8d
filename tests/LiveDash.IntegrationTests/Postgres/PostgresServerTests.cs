using LiveDash.IntegrationTests.Runtime.Persistence;
using LiveDash.TestingHost;
using Npgsql;
using Xunit;

namespace LiveDash.IntegrationTests.Postgres;

/// <summary>The throwaway server the PostgreSQL tests (and <c>./livedash cluster</c>) run on.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresFixture fixture)
{
    [Fact]
    public async Task StartAsync_ServerAcceptsConnectionsWithFsyncOn()
    {
        await using var connection = new NpgsqlConnection(fixture.Server.ConnectionString);
        await connection.OpenAsync().WithTimeout("a connection to the shared server");
        await using var command = new NpgsqlCommand("SHOW fsync", connection);

        Assert.Equal("on", await command.ExecuteScalarAsync());
        Assert.Equal("127.0.0.1", connection.Host);
    }

    [Fact]
    public async Task CreateDatabaseAsync_DatabasesAreIsolated()
    {
        var first = await fixture.CreateDatabaseAsync();
        var second = await fixture.CreateDatabaseAsync();

        await ExecuteAsync(first, "CREATE TABLE only_here (id int)");

        Assert.Equal(1L, await ExecuteAsync(first, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"));
        Assert.Equal(0L, await ExecuteAsync(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"));
    }

    [Fact]
    public async Task DisposeAsync_StopsServerAndDeletesDirectory()
    {
        var server = await PostgresServer.StartAsync().WithTimeout("a second server to start");
        var directory = server.RootDirectory;
        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Pooling = false, Timeout = 5 }.ConnectionString;
        Assert.Equal(1, await ExecuteAsync(connectionString, "SELECT 1"));

        await server.DisposeAsync().AsTask().WithTimeout("the server to stop");

        Assert.False(Directory.Exists(directory), $"expected {directory} to be deleted");
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(connectionString, "SELECT 1"));
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
