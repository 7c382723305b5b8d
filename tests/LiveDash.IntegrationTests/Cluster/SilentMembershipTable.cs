using LiveDash.Runtime;
using LiveDash.Runtime.Membership;

namespace LiveDash.IntegrationTests.Cluster;

/// <summary>
/// A membership table whose change notifications never arrive: a node reading through it learns
/// of changes only by reading the table itself (a "not owner" answer, a lost connection, polling).
/// </summary>
internal sealed class SilentMembershipTable(IMembershipTable inner) : IMembershipTable
{
    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public Task<bool> TryInsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
        => inner.TryInsertAsync(entry, expectedVersion, cancellationToken);

    public Task<bool> TryUpdateAsync(MembershipEntry entry, long expectedEtag, long expectedVersion, CancellationToken cancellationToken)
        => inner.TryUpdateAsync(entry, expectedEtag, expectedVersion, cancellationToken);

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken)
        => inner.UpdateIAmAliveAsync(silo, time, cancellationToken);

    public Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
        => inner.CleanupDefunctSiloEntriesAsync(beforeDate, cancellationToken);

    public Task<IAsyncDisposable> SubscribeAsync(Action changed, CancellationToken cancellationToken)
        => Task.FromResult<IAsyncDisposable>(new NoSubscription());

    private sealed class NoSubscription : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
