using LiveDash.Grains.Aggregation;
using LiveDash.Runtime;
using Microsoft.Extensions.Options;

namespace LiveDash.Grains;

/// <summary>
/// Owns one scoreboard (key = board id): entries, scores and ranking. A command is validated
/// whole, applied, and stored before the call returns the new ranked snapshot.
/// </summary>
[GrainType("scoreboard")]
public sealed class ScoreboardGrain : Grain, IScoreboardGrain
{
    private readonly IPersistentState<ScoreboardGrainState> _state;
    private readonly ScoreboardGrainOptions _options;
    private readonly TimeProvider _time;
    private ScoreboardAggregator? _aggregator;

    /// <summary>Created by the runtime.</summary>
    public ScoreboardGrain(
        [PersistentState("scoreboard")] IPersistentState<ScoreboardGrainState> state,
        IOptions<ScoreboardGrainOptions> options,
        TimeProvider time)
    {
        _state = state;
        _options = options.Value;
        _time = time;
    }

    private ScoreboardAggregator Aggregator => _aggregator ?? throw new InvalidOperationException("The scoreboard grain is not activated.");

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var board = GetPrimaryKeyString();
        if (!TopicNames.IsValidName(board))
        {
            throw new InvalidGrainInputException($"'{board}' is not a valid board id: 1–128 characters of A–Z, a–z, 0–9, '.', '_' or '-'.");
        }

        LoadAggregator();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<BoardSnapshot> ApplyAsync(BoardCommand command, CancellationToken cancellationToken = default)
    {
        if (!Aggregator.Apply(command, _time.GetUtcNow().ToUnixTimeMilliseconds()))
        {
            // A repeated batch id: applied once already; answer with the board as it is.
            return Aggregator.Snapshot();
        }

        await _state.StoreOrRollBackAsync(Aggregator.ToState(), LoadAggregator, cancellationToken);
        return Aggregator.Snapshot();
    }

    /// <inheritdoc />
    public Task<BoardSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
        => Task.FromResult(Aggregator.Snapshot());

    /// <summary>Builds the in-memory board from what storage holds.</summary>
    private void LoadAggregator()
        => _aggregator = _state.RecordExists
            ? ScoreboardAggregator.FromState(GetPrimaryKeyString(), _options, _state.State)
            : new ScoreboardAggregator(GetPrimaryKeyString(), _options);
}
