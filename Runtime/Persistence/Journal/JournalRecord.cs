namespace LiveDash.Runtime;

/// <summary>A journal as read from storage.</summary>
/// <param name="Version">Entries ever appended (0: never appended).</param>
/// <param name="SnapshotVersion">The version the snapshot stands for (0 when there is none).</param>
/// <param name="Snapshot">The serialised snapshot, or null.</param>
/// <param name="Entries">The serialised entries SnapshotVersion + 1 … Version, in order.</param>
public sealed record JournalRecord(long Version, long SnapshotVersion, byte[]? Snapshot, IReadOnlyList<byte[]> Entries)
{
    /// <summary>A journal never appended to.</summary>
    public static JournalRecord Empty { get; } = new(0, 0, null, []);
}
