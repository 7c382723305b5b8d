namespace LiveDash.Grains.Aggregation;

/// <summary>
/// One entry of a scoreboard grain's journal: a command the grain applied and acknowledged, resolved
/// to what <see cref="ScoreboardAggregator.Replay"/> needs to rebuild the same board — each touched
/// entry's final score in the order the command applied them (so additions need no re-computing and
/// tie order comes back as it was), the title it set, and its batch id with the clock reading it was
/// remembered at. Duplicates are not journaled. Round-trips through <see cref="GrainJournalJsonContext"/>.
/// </summary>
public sealed class ScoreboardJournalEntry
{
    /// <summary>The grain's clock when the command was applied, Unix milliseconds (batch-id retention counts from it).</summary>
    public long NowMs { get; set; }

    /// <summary>The command's batch id, if it had one.</summary>
    public string? BatchId { get; set; }

    /// <summary>The title the command set, if it set one.</summary>
    public string? Title { get; set; }

    /// <summary>The entries the command touched, in the order it applied them.</summary>
    public string[] EntryIds { get; set; } = [];

    /// <summary>Their scores after the command, parallel to <see cref="EntryIds"/>.</summary>
    public long[] Scores { get; set; } = [];
}
