namespace LiveDash.Runtime;

/// <summary>
/// A grain's state kept as a journal: a snapshot of the whole state plus the entries appended after
/// it, injected into a grain's constructor with <see cref="JournaledStateAttribute"/> and read before
/// <see cref="Grain.OnActivateAsync"/> runs. This is Orleans's journaled-grain idea for hot grains:
/// acknowledging a change costs a small append, not a rewrite of the whole state.
/// </summary>
/// <remarks>
/// <para>The grain owns the in-memory model. At activation it builds it from <see cref="Snapshot"/>
/// (when not null) and replays <see cref="Tail"/> in order; after that it applies each change in
/// memory and calls <see cref="AppendAsync"/> with the entry that describes it. Replaying must be
/// deterministic: an entry carries everything its effect depends on (a clock reading, for one).</para>
/// <para><see cref="Version"/> is the number of entries ever appended and serves as the etag: an
/// append presents the version it read, and fails with <see cref="InconsistentStateException"/>
/// (storing nothing, and deactivating the activation) when another activation appended since.</para>
/// <para>Now and then (when the tail grows past the thresholds of <see cref="JournalOptions"/>) an
/// append also stores a snapshot taken right after the entry was applied; the entries it covers are
/// then dropped, so activation replays a bounded tail.</para>
/// <para>A grain may start an append before the previous one completed: each presents the version
/// the previous one will make, and the providers apply one journal's appends in call order. If one
/// fails, those started behind it fail too (as stale), and the activation deactivates.</para>
/// </remarks>
/// <typeparam name="TSnapshot">The stored form of the whole state.</typeparam>
/// <typeparam name="TEntry">The stored form of one change.</typeparam>
public interface IJournaledState<TSnapshot, TEntry>
    where TSnapshot : class
{
    /// <summary>Entries appended so far over the journal's whole life (0: nothing stored yet).</summary>
    long Version { get; }

    /// <summary>Whether anything is stored (a snapshot or an entry).</summary>
    bool RecordExists { get; }

    /// <summary>The snapshot as last read; null when none was stored (replay the tail from an empty state).</summary>
    TSnapshot? Snapshot { get; }

    /// <summary>The entries after <see cref="Snapshot"/>, oldest first, as last read.</summary>
    IReadOnlyList<TEntry> Tail { get; }

    /// <summary>Re-reads <see cref="Snapshot"/>, <see cref="Tail"/> and <see cref="Version"/> from storage.</summary>
    Task ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="entry"/>; the change is durable when the task completes, and
    /// <see cref="Version"/> has grown by one. When a snapshot is due, <paramref name="takeSnapshot"/>
    /// is called before this method returns its task (on the caller's turn, so it sees the state with
    /// the entry applied) and stored with the entry in the same commit.
    /// </summary>
    /// <exception cref="InconsistentStateException">Another writer appended since <see cref="Version"/> was read.</exception>
    Task AppendAsync(TEntry entry, Func<TSnapshot> takeSnapshot, CancellationToken cancellationToken = default);
}
