namespace LiveDash.Runtime;

/// <summary>Decides whether an append also stores a snapshot (the rule is documented on <see cref="JournalOptions"/>).</summary>
internal sealed class JournalSnapshotPolicy
{
    private readonly int _maxTailEntries;
    private readonly long _minTailBytes;
    private readonly double _ratio;

    public JournalSnapshotPolicy(JournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        JournalOptionsValidator.ThrowIfInvalid(options);
        _maxTailEntries = options.MaxTailEntries;
        _minTailBytes = options.MinTailBytes;
        _ratio = options.TailToSnapshotSizeRatio;
    }

    /// <summary>The policy of the default options.</summary>
    public static JournalSnapshotPolicy Default { get; } = new(new JournalOptions());

    /// <summary>Whether a snapshot is due once the tail holds <paramref name="tailEntries"/> entries of <paramref name="tailBytes"/> bytes in all.</summary>
    /// <param name="tailEntries">Entries after the last snapshot, the one being appended included.</param>
    /// <param name="tailBytes">Their serialized size.</param>
    /// <param name="snapshotBytes">The last snapshot's serialized size (0 when there is none).</param>
    public bool IsDue(long tailEntries, long tailBytes, long snapshotBytes)
        => tailEntries >= _maxTailEntries
            || tailBytes >= Math.Max(_minTailBytes, (long)Math.Ceiling(_ratio * snapshotBytes));
}
