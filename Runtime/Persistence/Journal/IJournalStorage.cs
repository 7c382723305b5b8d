namespace LiveDash.Runtime;

/// <summary>
/// The journal half of a grain storage provider: per (grain id, journal name) a version, an optional
/// snapshot and the entries appended after it, as opaque bytes (<see cref="IJournaledState{TSnapshot, TEntry}"/>
/// serialises them).
/// </summary>
/// <remarks>
/// <para><b>Contract</b> (pinned by specification tests every provider passes):</para>
/// <list type="bullet">
/// <item>A journal never appended to reads as version 0, no snapshot, no entries.</item>
/// <item>An append succeeds only when <c>expectedVersion</c> equals the stored version; it stores
/// the entry as version + 1 and returns that. Otherwise it throws <see cref="InconsistentStateException"/>
/// and stores nothing.</item>
/// <item>An append with a snapshot stores the snapshot as the state at the new version and drops
/// every entry up to it: a read then returns that snapshot and no entries.</item>
/// <item>A read returns the entries after the snapshot, in version order.</item>
/// <item>When an append's task completes successfully it is durable in the provider's medium, and
/// concurrent appends of different grains may share one commit (group commit).</item>
/// <item>Cancellation follows <see cref="IGrainStorage"/>'s rule: cancelled before the provider
/// starts the append stores nothing; once committing, the task reports what the commit did.</item>
/// </list>
/// </remarks>
public interface IJournalStorage
{
    /// <summary>Reads the journal's version, snapshot and tail.</summary>
    Task<JournalRecord> ReadJournalAsync(string stateName, GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Appends one entry (and, when given, a snapshot at the new version) if <paramref name="expectedVersion"/> is current.</summary>
    /// <returns>The new version: <paramref name="expectedVersion"/> + 1.</returns>
    /// <exception cref="InconsistentStateException">The stored version is not <paramref name="expectedVersion"/>.</exception>
    Task<long> AppendJournalAsync(
        string stateName,
        GrainId grainId,
        long expectedVersion,
        byte[] entry,
        byte[]? snapshot,
        CancellationToken cancellationToken);
}
