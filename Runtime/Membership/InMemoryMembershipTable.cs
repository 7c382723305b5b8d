namespace LiveDash.Runtime.Membership;

/// <summary>
/// A membership table in this process's memory: for a single-process cluster, and for a
/// <c>TestCluster</c> whose silos share one instance. Notifications are raised off the caller's
/// thread, as a database's would be.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, MembershipRow> _rows = [];
    private readonly List<Subscription> _subscriptions = [];
    private long _version;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(new MembershipTableSnapshot(_version, [.. _rows.Values]));
        }
    }

    /// <inheritdoc />
    public Task<bool> TryInsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_version != expectedVersion || _rows.ContainsKey(entry.Silo))
            {
                return Task.FromResult(false);
            }

            _rows[entry.Silo] = new MembershipRow(entry, 1);
            _version++;
        }

        Notify();
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<bool> TryUpdateAsync(MembershipEntry entry, long expectedEtag, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_version != expectedVersion || !_rows.TryGetValue(entry.Silo, out var row) || row.Etag != expectedEtag)
            {
                return Task.FromResult(false);
            }

            var aliveTime = entry.IAmAliveTime > row.Entry.IAmAliveTime ? entry.IAmAliveTime : row.Entry.IAmAliveTime;
            _rows[entry.Silo] = new MembershipRow(entry with { IAmAliveTime = aliveTime }, expectedEtag + 1);
            _version++;
        }

        Notify();
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_rows.TryGetValue(silo, out var row) && time > row.Entry.IAmAliveTime)
            {
                _rows[silo] = row with { Entry = row.Entry with { IAmAliveTime = time } };
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var defunct = _rows.Values
                .Where(r => r.Entry.Status == SiloStatus.Dead && r.Entry.IAmAliveTime < beforeDate)
                .Select(r => r.Entry.Silo)
                .ToList();
            foreach (var silo in defunct)
            {
                _rows.Remove(silo);
            }

            return Task.FromResult(defunct.Count);
        }
    }

    /// <inheritdoc />
    public Task<IAsyncDisposable> SubscribeAsync(Action changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var subscription = new Subscription(this, changed);
        lock (_lock)
        {
            _subscriptions.Add(subscription);
        }

        return Task.FromResult<IAsyncDisposable>(subscription);
    }

    private void Notify()
    {
        Subscription[] subscriptions;
        lock (_lock)
        {
            subscriptions = [.. _subscriptions];
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Signal();
        }
    }

    /// <summary>One subscriber: signals coalesce, and its callback never runs concurrently with itself.</summary>
    private sealed class Subscription(InMemoryMembershipTable table, Action changed) : IAsyncDisposable
    {
        // A subscriber's fault is its own; the table goes on notifying the others.
        private readonly CoalescingCallback _callback = new(changed, static _ => { });

        public void Signal() => _callback.Signal();

        public ValueTask DisposeAsync()
        {
            lock (table._lock)
            {
                table._subscriptions.Remove(this);
                _callback.Stop();
            }

            return ValueTask.CompletedTask;
        }
    }
}
