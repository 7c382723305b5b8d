using System.Text.Json.Serialization;

namespace LiveDash.Grains;

/// <summary>
/// The changes of one scoreboard since the previous delta or snapshot, the <c>data</c> of a board
/// topic <c>update</c>: <c>{"board":"match-1","title":"Final","entries":[{"id":"team-a","score":3,"rank":1,"index":0}]}</c>.
/// Applying a snapshot and then every later delta in order with <see cref="BoardSnapshot.Apply"/>
/// reproduces the grain's state.
/// </summary>
/// <remarks>
/// Entries are never removed from a board, so a delta only inserts and updates. An entry that
/// does not appear kept its score, rank and place.
/// </remarks>
/// <param name="Board">The board id.</param>
/// <param name="Title">
/// The new title, or null when it did not change. A null title is left out of the JSON (not
/// written as <c>null</c>); a missing <c>"title"</c> reads as null.
/// </param>
/// <param name="Entries">
/// Every entry whose score, rank or place changed (new entries included), in ranked order.
/// </param>
public sealed record BoardDelta(
    string Board,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title,
    IReadOnlyList<BoardEntryChange> Entries);
