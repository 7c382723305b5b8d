namespace LiveDash.Grains;

/// <summary>
/// The state of one scoreboard, the <c>data</c> of a board topic snapshot:
/// <c>{"board":"match-1","title":"...","entries":[{"id":"team-a","score":3,"rank":1}]}</c>.
/// </summary>
/// <param name="Board">The board id.</param>
/// <param name="Title">The title; empty until a command sets one.</param>
/// <param name="Entries">
/// Entries by score, highest first, with standard competition ranks (1, 2, 2, 4). Entries with
/// equal scores are listed in the order they reached that score, earliest first, so a new tie
/// never reorders entries that already held the score.
/// </param>
public sealed record BoardSnapshot(string Board, string Title, IReadOnlyList<BoardEntry> Entries)
{
    /// <summary>
    /// This board with <paramref name="delta"/> applied: the title changes when the delta carries
    /// one, each changed entry takes its new score and rank at its <see cref="BoardEntryChange.Index"/>
    /// (a new id joins the board), and the other entries fill the remaining places in their current
    /// order.
    /// </summary>
    /// <remarks>
    /// Idempotent: applying the same delta again gives an equal board, so a replay that repeats the
    /// last delta is harmless. Places are relative to the state the delta follows, though: after a
    /// longer overlap (deltas older than the last one applied again) the order can differ, so a
    /// reader skips deltas whose sequence number it already holds (the stream's <c>seq</c>).
    /// </remarks>
    /// <param name="delta">A delta of this board, the next one after this state.</param>
    /// <returns>A new snapshot; this one is not changed.</returns>
    /// <exception cref="ArgumentException">The delta is for another board, or its places do not fit this board (not the next delta).</exception>
    public BoardSnapshot Apply(BoardDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (!string.Equals(delta.Board, Board, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A delta of board '{delta.Board}' cannot be applied to board '{Board}'.", nameof(delta));
        }

        var changes = new Dictionary<string, BoardEntryChange>(delta.Entries.Count, StringComparer.Ordinal);
        foreach (var change in delta.Entries)
        {
            changes[change.Id] = change;
        }

        var newEntries = changes.Count;
        foreach (var entry in Entries)
        {
            if (changes.ContainsKey(entry.Id))
            {
                newEntries--;
            }
        }

        var entries = new BoardEntry?[Entries.Count + newEntries];
        foreach (var change in changes.Values)
        {
            if (change.Index < 0 || change.Index >= entries.Length || entries[change.Index] is not null)
            {
                throw new ArgumentException(
                    $"Entry '{change.Id}' of the delta of board '{Board}' is placed at {change.Index}, which does not fit a board of {entries.Length} entries: it is not the delta that follows this state.",
                    nameof(delta));
            }

            entries[change.Index] = new BoardEntry(change.Id, change.Score, change.Rank);
        }

        // The unchanged entries kept their places, so in order they fill exactly the free ones.
        var free = 0;
        foreach (var entry in Entries)
        {
            if (changes.ContainsKey(entry.Id))
            {
                continue;
            }

            while (entries[free] is not null)
            {
                free++;
            }

            entries[free] = entry;
        }

        return new BoardSnapshot(Board, delta.Title ?? Title, entries!);
    }
}
