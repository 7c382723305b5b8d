namespace LiveDash.Grains.Aggregation;

/// <summary>
/// Everything a scoreboard grain persists: title, entries as three parallel arrays in ranked
/// order, the tie-order sequence counter and the batch ids it applied recently.
/// Round-trips losslessly through <see cref="GrainStateJsonContext"/>.
/// </summary>
public sealed class ScoreboardGrainState
{
    /// <summary>The layout version written by this code.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The layout version of this record, so a later layout can migrate it instead of misreading it.</summary>
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>The board title.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>Entry ids in ranked order.</summary>
    public string[] EntryIds { get; set; } = [];

    /// <summary>Scores, parallel to <see cref="EntryIds"/>.</summary>
    public long[] Scores { get; set; } = [];

    /// <summary>When each entry last changed score (board sequence numbers), parallel to <see cref="EntryIds"/>; orders ties.</summary>
    public long[] Sequences { get; set; } = [];

    /// <summary>The last sequence number handed out; the next change gets a larger one.</summary>
    public long LastSequence { get; set; }

    /// <summary>Batch ids applied recently.</summary>
    public RecentBatchIdsState BatchIds { get; set; } = new();
}
