using LiveDash.IntegrationTests.Runtime.Persistence;
using LiveDash.Runtime;
using LiveDash.Runtime.Membership;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Membership;

/// <summary>
/// The <see cref="IMembershipTable"/> contract. Every provider (memory, PostgreSQL) derives a test
/// class from this one; each test gets fresh tables of its own cluster ids.
/// </summary>
public abstract class MembershipTableSpecification : IAsyncLifetime
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private readonly List<IMembershipTable> _tables = [];

    /// <summary>Creates an empty table for <paramref name="clusterId"/>; equal ids share rows.</summary>
    protected abstract IMembershipTable CreateTable(string clusterId);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var table in _tables)
        {
            switch (table)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    [Fact]
    public async Task NewTable_IsEmptyAtVersionZero()
    {
        var table = await NewTableAsync();

        var snapshot = await table.ReadAllAsync(CancellationToken.None);

        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Rows);
    }

    [Fact]
    public async Task Initialize_Twice_IsHarmless()
    {
        var table = await NewTableAsync();
        Assert.True(await table.TryInsertAsync(Entry(1, SiloStatus.Joining), 0, CancellationToken.None));

        await table.InitializeAsync(CancellationToken.None);

        Assert.Single((await table.ReadAllAsync(CancellationToken.None)).Rows);
    }

    [Fact]
    public async Task Insert_AtExpectedVersion_AddsRowAtEtagOneAndBumpsVersion()
    {
        var table = await NewTableAsync();
        var entry = Entry(1, SiloStatus.Joining) with { HostName = "node-a", Suspicions = [new SuspectVote(Silo(2), s_start.AddSeconds(3))] };

        Assert.True(await table.TryInsertAsync(entry, 0, CancellationToken.None));

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        var row = Assert.Single(snapshot.Rows);
        Assert.Equal(1, row.Etag);
        AssertSameEntry(entry, row.Entry);
    }

    [Fact]
    public async Task Insert_AtStaleVersion_ChangesNothing()
    {
        var table = await NewTableAsync();
        Assert.True(await table.TryInsertAsync(Entry(1, SiloStatus.Joining), 0, CancellationToken.None));

        Assert.False(await table.TryInsertAsync(Entry(2, SiloStatus.Joining), 0, CancellationToken.None));

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(Silo(1), Assert.Single(snapshot.Rows).Entry.Silo);
    }

    [Fact]
    public async Task Insert_SameSiloTwice_IsRefused()
    {
        var table = await NewTableAsync();
        Assert.True(await table.TryInsertAsync(Entry(1, SiloStatus.Joining), 0, CancellationToken.None));

        Assert.False(await table.TryInsertAsync(Entry(1, SiloStatus.Active), 1, CancellationToken.None));

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(snapshot.Rows).Entry.Status);
    }

    [Fact]
    public async Task Update_AtExpectedEtagAndVersion_ReplacesRow()
    {
        var table = await NewTableAsync();
        Assert.True(await table.TryInsertAsync(Entry(1, SiloStatus.Joining), 0, CancellationToken.None));
        var active = Entry(1, SiloStatus.Active) with { Suspicions = [new SuspectVote(Silo(2), s_start.AddSeconds(9))] };

        Assert.True(await table.TryUpdateAsync(active, 1, 1, CancellationToken.None));

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(2, snapshot.Version);
        var row = Assert.Single(snapshot.Rows);
        Assert.Equal(2, row.Etag);
        AssertSameEntry(active, row.Entry);
    }

    [Fact]
    public async Task Update_AtStaleEtagOrVersion_ChangesNothing()
    {
        var table = await NewTableAsync();
        Assert.True(await table.TryInsertAsync(Entry(1, SiloStatus.Joining), 0, CancellationToken.None));
        Assert.True(await table.TryInsertAsync(Entry(2, SiloStatus.Joining), 1, CancellationToken.None));

        Assert.False(await table.TryUpdateAsync(Entry(1, SiloStatus.Dead), 1, 1, CancellationToken.None));
        Assert.False(await table.TryUpdateAsync(Entry(1, SiloStatus.Dead), 2, 2, CancellationToken.None));
        Assert.False(await table.TryUpdateAsync(Entry(3, SiloStatus.Dead), 1, 2, CancellationToken.None));

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(2, snapshot.Version);
        Assert.All(snapshot.Rows, r => Assert.Equal(SiloStatus.Joining, r.Entry.Status));
        Assert.All(snapshot.Rows, r => Assert.Equal(1, r.Etag));
    }

    [Fact]
    public async Task ConcurrentUpdates_AtSameVersion_ExactlyOneWins()
    {
        var table = await NewTableAsync();
        Assert.True(await table.TryInsertAsync(Entry(1, SiloStatus.Active), 0, CancellationToken.None));
        Assert.True(await table.TryInsertAsync(Entry(2, SiloStatus.Active), 1, CancellationToken.None));

        // Silo 1 and silo 2 each declare the other dead from the same snapshot: the table must
        // serialise them, or a partition could leave both sides believing they won.
        var results = await Task.WhenAll(
            Task.Run(() => table.TryUpdateAsync(Entry(1, SiloStatus.Dead), 1, 2, CancellationToken.None)),
            Task.Run(() => table.TryUpdateAsync(Entry(2, SiloStatus.Dead), 1, 2, CancellationToken.None)));

        Assert.Equal(1, results.Count(r => r));
        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(3, snapshot.Version);
        Assert.Single(snapshot.Rows, r => r.Entry.Status == SiloStatus.Dead);
    }

    [Fact]
    public async Task IAmAlive_ChangesOnlyTheTime()
    {
        var table = await NewTableAsync();
        Assert.True(await table.TryInsertAsync(Entry(1, SiloStatus.Active), 0, CancellationToken.None));

        await table.UpdateIAmAliveAsync(Silo(1), s_start.AddMinutes(2), CancellationToken.None);

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        var row = Assert.Single(snapshot.Rows);
        Assert.Equal(1, row.Etag);
        Assert.Equal(s_start.AddMinutes(2), row.Entry.IAmAliveTime);
        Assert.Equal(SiloStatus.Active, row.Entry.Status);
    }

    [Fact]
    public async Task IAmAlive_NeverMovesBackwards()
    {
        var table = await NewTableAsync();
        Assert.True(await table.TryInsertAsync(Entry(1, SiloStatus.Active), 0, CancellationToken.None));
        await table.UpdateIAmAliveAsync(Silo(1), s_start.AddMinutes(2), CancellationToken.None);

        // A vote that read the row before that IAmAlive carries the older time.
        Assert.True(await table.TryUpdateAsync(Entry(1, SiloStatus.Active) with { Suspicions = [new SuspectVote(Silo(2), s_start)] }, 1, 1, CancellationToken.None));
        await table.UpdateIAmAliveAsync(Silo(1), s_start.AddMinutes(1), CancellationToken.None);

        var row = Assert.Single((await table.ReadAllAsync(CancellationToken.None)).Rows);
        Assert.Equal(s_start.AddMinutes(2), row.Entry.IAmAliveTime);
        Assert.Single(row.Entry.Suspicions);
    }

    [Fact]
    public async Task CleanupDefunct_DeletesOnlyLongDeadRows_WithoutChangingTheVersion()
    {
        var table = await NewTableAsync();
        var other = await NewTableAsync();
        Assert.True(await table.TryInsertAsync(Entry(1, SiloStatus.Dead), 0, CancellationToken.None));
        Assert.True(await table.TryInsertAsync(Entry(2, SiloStatus.Active), 1, CancellationToken.None));
        Assert.True(await table.TryInsertAsync(Entry(3, SiloStatus.Dead) with { IAmAliveTime = s_start.AddHours(3) }, 2, CancellationToken.None));
        Assert.True(await other.TryInsertAsync(Entry(4, SiloStatus.Dead), 0, CancellationToken.None));

        var deleted = await table.CleanupDefunctSiloEntriesAsync(s_start.AddHours(1), CancellationToken.None);

        Assert.Equal(1, deleted);
        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(3, snapshot.Version);
        Assert.Equal([Silo(2), Silo(3)], snapshot.Rows.Select(r => r.Entry.Silo).OrderBy(s => s.Port));
        Assert.Single((await other.ReadAllAsync(CancellationToken.None)).Rows);
    }

    [Fact]
    public async Task ClusterIds_AreIsolated()
    {
        var clusterId = NewClusterId();
        var blue = await NewTableAsync(clusterId);
        var blueAgain = await NewTableAsync(clusterId);
        var green = await NewTableAsync();

        Assert.True(await blue.TryInsertAsync(Entry(1, SiloStatus.Active), 0, CancellationToken.None));
        Assert.True(await green.TryInsertAsync(Entry(2, SiloStatus.Active), 0, CancellationToken.None));

        Assert.Equal(Silo(1), Assert.Single((await blueAgain.ReadAllAsync(CancellationToken.None)).Rows).Entry.Silo);
        Assert.Equal(Silo(2), Assert.Single((await green.ReadAllAsync(CancellationToken.None)).Rows).Entry.Silo);
    }

    [Fact]
    public async Task Subscribers_AreToldOfInsertsAndUpdates_UntilDisposed()
    {
        var clusterId = NewClusterId();
        var writer = await NewTableAsync(clusterId);
        var reader = await NewTableAsync(clusterId);
        var notified = new SemaphoreSlim(0);
        var subscription = await reader.SubscribeAsync(() => notified.Release(), CancellationToken.None);

        Assert.True(await writer.TryInsertAsync(Entry(1, SiloStatus.Joining), 0, CancellationToken.None));
        Assert.True(await notified.WaitAsync(TimeSpan.FromSeconds(10)), "no notification after an insert");
        while (notified.CurrentCount > 0)
        {
            await notified.WaitAsync();
        }

        Assert.True(await writer.TryUpdateAsync(Entry(1, SiloStatus.Active), 1, 1, CancellationToken.None));
        Assert.True(await notified.WaitAsync(TimeSpan.FromSeconds(10)), "no notification after an update");

        await subscription.DisposeAsync();
    }

    /// <summary>A cluster id no other test uses.</summary>
    protected static string NewClusterId() => "spec-" + Guid.NewGuid().ToString("N")[..12];

    private static SiloAddress Silo(int n) => new("127.0.0.1", 20000 + n, 1_764_000_000_000 + n);

    private static MembershipEntry Entry(int n, SiloStatus status) => new()
    {
        Silo = Silo(n),
        Status = status,
        HostName = "test",
        StartTime = s_start,
        IAmAliveTime = s_start.AddSeconds(1),
    };

    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.Silo, actual.Silo);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(expected.Suspicions, actual.Suspicions);
    }

    private async Task<IMembershipTable> NewTableAsync(string? clusterId = null)
    {
        var table = CreateTable(clusterId ?? NewClusterId());
        _tables.Add(table);
        await table.InitializeAsync(CancellationToken.None).WithTimeout("initializing the membership table");
        return table;
    }
}
