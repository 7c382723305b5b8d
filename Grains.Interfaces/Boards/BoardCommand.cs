namespace LiveDash.Grains;

/// <summary>
/// Changes to one scoreboard, applied all-or-nothing: first the title, then every
/// <see cref="Set"/>, then every <see cref="Add"/> (so an id in both ends at set + add).
/// </summary>
/// <remarks>
/// Scores are integers (<see cref="long"/>): live scores are counts (goals, votes, points), and
/// integers make ties exact, where floating-point sums could split equal scores by rounding.
/// An addition that would overflow <see cref="long"/> is an input error, never a wrap-around.
/// </remarks>
/// <param name="BatchId">Optional idempotency key (see <see cref="BatchIdRules"/>).</param>
/// <param name="Title">A new title, or null to keep the current one; at most <see cref="ScoreboardGrainOptions.MaxTitleLength"/> characters, no control characters.</param>
/// <param name="Set">Entry id → score to set; creates missing entries.</param>
/// <param name="Add">Entry id → amount to add (may be negative); a missing entry starts at 0.</param>
public sealed record BoardCommand(
    string? BatchId = null,
    string? Title = null,
    IReadOnlyDictionary<string, long>? Set = null,
    IReadOnlyDictionary<string, long>? Add = null);
