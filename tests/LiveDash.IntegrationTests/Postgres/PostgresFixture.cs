using LiveDash.TestingHost;
using Xunit;

namespace LiveDash.IntegrationTests.Postgres;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run (see <see cref="PostgresCollection"/>);
/// tests isolate themselves with a database of their own (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    /// <summary>The running server.</summary>
    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A new, empty database with a unique name; returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(string prefix = "test")
        => Server.CreateDatabaseAsync(prefix + "_" + Guid.NewGuid().ToString("N")[..16]);
}
