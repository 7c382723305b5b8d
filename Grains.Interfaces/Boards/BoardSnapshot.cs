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
public sealed record BoardSnapshot(string Board, string Title, IReadOnlyList<BoardEntry> Entries);
