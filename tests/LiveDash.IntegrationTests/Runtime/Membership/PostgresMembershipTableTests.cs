using LiveDash.IntegrationTests.Postgres;
using LiveDash.IntegrationTests.Runtime.Persistence;
using LiveDash.Runtime;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Membership.Postgres;
using Npgsql;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Membership;

/// <summary>
/// The membership table specification against <see cref="PostgresMembershipTable"/> on the run's
/// throwaway server (one database per test class instance), plus the LISTEN connection's recovery.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMembershipTableTests(PostgresFixture fixture) : MembershipTableSpecification
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private string? _connectionString;

    private string ConnectionString => _connectionString ?? throw new InvalidOperationException("InitializeAsync has not run.");

    public override async Task InitializeAsync()
    {
        _connectionString = await fixture.CreateDatabaseAsync("membership");
        await base.InitializeAsync();
    }

    protected override IMembershipTable CreateTable(string clusterId) => new PostgresMembershipTable(ConnectionString, clusterId);

    [Fact]
    public async Task Subscription_ListenConnectionKilled_ReconnectsCallsBackAndDeliversLaterChanges()
    {
        var clusterId = NewClusterId();
        await using var writer = await OpenAsync(clusterId);
        await using var reader = await OpenAsync(clusterId);
        var notified = new SemaphoreSlim(0);
        var subscription = (PostgresMembershipListener)await reader.SubscribeAsync(() => notified.Release(), CancellationToken.None).WithTimeout("the subscription to listen");
        var killed = subscription.BackendProcessId;
        Assert.NotEqual(0, killed);

        Assert.True(await TerminateBackendAsync(killed), $"expected to terminate the listening backend {killed}");

        // The listener's own call after reconnecting: changes made while it was away would be lost otherwise.
        Assert.True(await notified.WaitAsync(TimeSpan.FromSeconds(15)), "no callback after the listening connection was killed and restored");
        Assert.Equal(1, subscription.ReconnectCount);
        Assert.NotEqual(killed, subscription.BackendProcessId);
        while (notified.CurrentCount > 0)
        {
            await notified.WaitAsync();
        }

        Assert.True(await writer.TryInsertAsync(Entry(1), 0, CancellationToken.None));
        Assert.True(await notified.WaitAsync(TimeSpan.FromSeconds(10)), "no notification of an insert made after the reconnect");

        await subscription.DisposeAsync();
    }

    [Fact]
    public async Task Subscription_OtherClusterChanges_AreNotDelivered()
    {
        var clusterId = NewClusterId();
        await using var other = await OpenAsync(NewClusterId());
        await using var mine = await OpenAsync(clusterId);
        var notified = new SemaphoreSlim(0);
        await using var subscription = await mine.SubscribeAsync(() => notified.Release(), CancellationToken.None);

        Assert.True(await other.TryInsertAsync(Entry(1), 0, CancellationToken.None));
        Assert.True(await mine.TryInsertAsync(Entry(2), 0, CancellationToken.None));

        // Notifications of one connection arrive in commit order: once ours came, the other's had been filtered.
        Assert.True(await notified.WaitAsync(TimeSpan.FromSeconds(10)), "no notification of this cluster's insert");
        Assert.Equal(0, notified.CurrentCount);
    }

    [Fact]
    public async Task Subscription_RefusedChange_IsNotNotified()
    {
        var clusterId = NewClusterId();
        await using var table = await OpenAsync(clusterId);
        var notified = new SemaphoreSlim(0);
        await using var subscription = await table.SubscribeAsync(() => notified.Release(), CancellationToken.None);

        Assert.False(await table.TryInsertAsync(Entry(1), 5, CancellationToken.None));
        Assert.True(await table.TryInsertAsync(Entry(2), 0, CancellationToken.None));

        // The refused insert rolled back its queued NOTIFY: exactly one notification, for the insert that committed.
        Assert.True(await notified.WaitAsync(TimeSpan.FromSeconds(10)), "no notification of the committed insert");
        Assert.Equal(0, notified.CurrentCount);
        Assert.Equal(1, (await table.ReadAllAsync(CancellationToken.None)).Version);
    }

    [Fact]
    public async Task ManySilosInitializingTogether_AllSucceedOnEmptyDatabase()
    {
        var tables = Enumerable.Range(0, 8).Select(i => new PostgresMembershipTable(ConnectionString, "race-" + (i % 2))).ToArray();
        try
        {
            await Task.WhenAll(tables.Select(t => t.InitializeAsync(CancellationToken.None))).WithTimeout("eight tables to initialise together");

            Assert.All(await Task.WhenAll(tables.Select(t => t.ReadAllAsync(CancellationToken.None))), s => Assert.Equal(0, s.Version));
        }
        finally
        {
            foreach (var table in tables)
            {
                await table.DisposeAsync();
            }
        }
    }

    private async Task<PostgresMembershipTable> OpenAsync(string clusterId)
    {
        var table = new PostgresMembershipTable(ConnectionString, clusterId);
        await table.InitializeAsync(CancellationToken.None).WithTimeout("the membership table to initialise");
        return table;
    }

    private async Task<bool> TerminateBackendAsync(int processId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = processId });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static MembershipEntry Entry(int n) => new()
    {
        Silo = new SiloAddress("127.0.0.1", 21000 + n, 1_764_000_000_000 + n),
        Status = SiloStatus.Joining,
        HostName = "test",
        StartTime = s_start,
        IAmAliveTime = s_start,
    };
}
