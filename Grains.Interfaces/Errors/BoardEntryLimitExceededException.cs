namespace LiveDash.Grains;

/// <summary>
/// A command would give a scoreboard more entries than
/// <see cref="ScoreboardGrainOptions.MaxEntries"/> allows. Nothing of the command was applied.
/// </summary>
public sealed class BoardEntryLimitExceededException : Exception
{
    /// <summary>The option that sets the limit, for messages and problem details.</summary>
    public const string OptionName = "ScoreboardGrainOptions.MaxEntries";

    /// <summary>Creates the exception.</summary>
    /// <param name="board">The board id.</param>
    /// <param name="limit">The configured maximum number of entries.</param>
    /// <param name="entryCount">How many entries the board would have had after the command.</param>
    public BoardEntryLimitExceededException(string board, int limit, int entryCount)
        : base(
            $"Board '{board}' would have {entryCount} entries, over the limit of {limit} ({OptionName}). " +
            $"Use fewer entry ids per board (e.g. split it into several boards) or raise {OptionName}.")
    {
        Board = board;
        Limit = limit;
        EntryCount = entryCount;
    }

    /// <summary>The board id.</summary>
    public string Board { get; }

    /// <summary>The configured maximum number of entries.</summary>
    public int Limit { get; }

    /// <summary>How many entries the board would have had after the command.</summary>
    public int EntryCount { get; }
}
