using LiveDash.Runtime;

namespace LiveDash.Grains;

/// <summary>
/// Owns one scoreboard (the topic <c>board:&lt;key&gt;</c>): its title and ranked entries.
/// The key is the board id (<see cref="TopicNames.IsValidName"/>).
/// </summary>
public interface IScoreboardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a command all-or-nothing and returns once it is durable in grain storage. A
    /// command whose <see cref="BoardCommand.BatchId"/> was applied within
    /// <see cref="ScoreboardGrainOptions.BatchIdRetention"/> is not applied again; the current
    /// snapshot is returned either way.
    /// </summary>
    /// <param name="command">The title and score changes.</param>
    /// <param name="cancellationToken">Cancelled at the call's deadline.</param>
    /// <returns>The board after the command, with the position of its topic stream that includes the change.</returns>
    /// <exception cref="InvalidGrainInputException">An entry id, title or score is invalid, or an addition overflows; nothing was applied.</exception>
    /// <exception cref="BoardEntryLimitExceededException">The command would create more entries than allowed; nothing was applied.</exception>
    Task<TopicSnapshot<BoardSnapshot>> ApplyAsync(BoardCommand command, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the board's current state and the position of its topic stream that state includes:
    /// the snapshot plus the stream's items after that position is the board (<see cref="BoardSnapshot.Apply"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancelled at the call's deadline.</param>
    /// <returns>The topic snapshot.</returns>
    Task<TopicSnapshot<BoardSnapshot>> GetSnapshotAsync(CancellationToken cancellationToken = default);
}
