namespace LiveDash.Runtime;

/// <summary>
/// When a journaled state (<see cref="IJournaledState{TSnapshot, TEntry}"/>) stores a snapshot with an
/// append (configuration section <c>LiveDash:Runtime:Journal</c>, validated when the silo starts).
/// </summary>
/// <remarks>
/// A snapshot is due when the tail since the last snapshot, counting the entry being appended, holds
/// at least <see cref="MaxTailEntries"/> entries, or at least max(<see cref="MinTailBytes"/>,
/// <see cref="TailToSnapshotSizeRatio"/> × the last snapshot's size) bytes. The entry count bounds the
/// replay work of an activation; the byte rule keeps write amplification near 1 + 1/ratio (1.5× at
/// the default ratio of 2): a snapshot of S bytes is written once per 2·S bytes of entries.
/// </remarks>
public sealed class JournalOptions
{
    /// <summary>Configuration section the silo binds these options from.</summary>
    public const string SectionName = "LiveDash:Runtime:Journal";

    /// <summary>
    /// A snapshot is stored once the tail holds this many entries, whatever their size: activation
    /// replays at most this many. Default: 1,000. Range: 1 to 1,000,000.
    /// </summary>
    public int MaxTailEntries { get; set; } = 1000;

    /// <summary>
    /// The tail may grow to at least this many bytes before its size alone makes a snapshot due, so a
    /// tiny state is not snapshotted every few appends. Default: 65,536 (64 KiB). Range: 0 to 1 GiB.
    /// </summary>
    public int MinTailBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// A snapshot is due once the tail's bytes reach this multiple of the last snapshot's size (and
    /// <see cref="MinTailBytes"/>). Larger: fewer snapshots, longer replays. Default: 2. Range: 0.1 to 1,000.
    /// </summary>
    public double TailToSnapshotSizeRatio { get; set; } = 2.0;
}
