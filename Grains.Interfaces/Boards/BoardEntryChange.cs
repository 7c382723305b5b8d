namespace LiveDash.Grains;

/// <summary>
/// The new state and place of one scoreboard entry in a <see cref="BoardDelta"/>:
/// <c>{"id":"team-a","score":3,"rank":1,"index":0}</c>.
/// </summary>
/// <param name="Id">The entry id.</param>
/// <param name="Score">The entry's score.</param>
/// <param name="Rank">The entry's competition rank (<see cref="BoardEntry.Rank"/>).</param>
/// <param name="Index">The entry's 0-based place in the ranked list (<see cref="BoardSnapshot.Entries"/>).</param>
public sealed record BoardEntryChange(string Id, long Score, int Rank, int Index);
