namespace LiveDash.Runtime;

/// <summary>
/// One journal of <see cref="MemoryGrainStorage"/>: version, snapshot and tail. Not thread-safe: the
/// storage's lock guards it. Bytes are copied in and out, so no caller shares an array with the store.
/// </summary>
internal sealed class MemoryJournal
{
    private readonly List<byte[]> _entries = [];
    private byte[]? _snapshot;
    private long _snapshotVersion;

    public long Version { get; private set; }

    public JournalRecord Read()
        => Version == 0
            ? JournalRecord.Empty
            : new JournalRecord(Version, _snapshotVersion, _snapshot?.ToArray(), _entries.Select(e => e.ToArray()).ToArray());

    /// <summary>Stores <paramref name="entry"/> as the next version, or, with a snapshot, the snapshot at that version and no entries.</summary>
    public long Append(byte[] entry, byte[]? snapshot)
    {
        Version++;
        if (snapshot is null)
        {
            _entries.Add(entry.ToArray());
        }
        else
        {
            // The snapshot stands for the state with this entry applied: it and every earlier entry are covered.
            _entries.Clear();
            _snapshot = snapshot.ToArray();
            _snapshotVersion = Version;
        }

        return Version;
    }
}
