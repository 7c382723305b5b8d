namespace LiveDash.Grains;

/// <summary>One ranked entry of a scoreboard.</summary>
/// <param name="Id">The entry id (<see cref="TopicNames.IsValidName"/>).</param>
/// <param name="Score">The score; an integer so that ties are exact (see <see cref="BoardCommand"/>).</param>
/// <param name="Rank">1 + the number of entries with a strictly higher score.</param>
public sealed record BoardEntry(string Id, long Score, int Rank);
