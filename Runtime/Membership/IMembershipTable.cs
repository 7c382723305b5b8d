namespace LiveDash.Runtime.Membership;

/// <summary>
/// The cluster's membership table (Orleans's <c>IMembershipTable</c>): one row per silo incarnation
/// of one cluster id, and a table version for optimistic concurrency.
/// </summary>
/// <remarks>
/// <para><b>Contract</b> (pinned by the membership table specification tests every provider passes):</para>
/// <list type="bullet">
/// <item>A new table is empty at version 0.</item>
/// <item><see cref="TryInsertAsync"/> succeeds only when the table is at <c>expectedVersion</c> and has no row
/// for the silo; the row starts at etag 1 and the table moves to <c>expectedVersion + 1</c>.</item>
/// <item><see cref="TryUpdateAsync"/> succeeds only when the table is at <c>expectedVersion</c> and the row at
/// <c>expectedEtag</c>; the row's etag and the table version each grow by one. A false return changes nothing.</item>
/// <item><see cref="UpdateIAmAliveAsync"/> changes only the row's IAmAlive time: no etag, no version.</item>
/// <item>A row's IAmAlive time never moves backwards: an update carrying an older time (a vote that read the
/// row before the silo's latest IAmAlive) keeps the newer one.</item>
/// <item><see cref="CleanupDefunctSiloEntriesAsync"/> deletes only Dead rows whose IAmAlive is older than the
/// given time, and changes neither the version nor any other row.</item>
/// <item>Tables of different cluster ids never see each other's rows.</item>
/// <item>After any successful insert or update, every subscriber is told (<see cref="SubscribeAsync"/>), at least once;
/// a notification carries nothing, the subscriber reads the table.</item>
/// </list>
/// <para><b>Threading</b>: called concurrently by the silo's membership agent and by clients.</para>
/// </remarks>
public interface IMembershipTable
{
    /// <summary>Creates what the table needs (schema, tables) if absent; idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads every row and the table version, consistently.</summary>
    Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a silo's row if the table is at <paramref name="expectedVersion"/>.</summary>
    Task<bool> TryInsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Replaces a silo's row if it is at <paramref name="expectedEtag"/> and the table at <paramref name="expectedVersion"/>.</summary>
    Task<bool> TryUpdateAsync(MembershipEntry entry, long expectedEtag, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="silo"/> is alive at <paramref name="time"/>.</summary>
    Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the rows of silos Dead since before <paramref name="beforeDate"/> (by their last IAmAlive):
    /// every restart adds a row, and a table read on every change must not grow for ever.
    /// </summary>
    /// <returns>The rows deleted.</returns>
    Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="changed"/> (on any thread, never concurrently with itself) whenever the table
    /// may have changed; dispose the result to stop. Providers without push (or when it breaks) may stay
    /// silent: callers poll as well.
    /// </summary>
    Task<IAsyncDisposable> SubscribeAsync(Action changed, CancellationToken cancellationToken);
}
