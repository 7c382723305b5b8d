using LiveDash.Grains.Aggregation;
using LiveDash.Grains.Directory;
using LiveDash.Grains.Publishing;
using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Grains;

/// <summary>
/// Owns one scoreboard (key = board id): entries, scores and ranking. A command is validated
/// whole, applied, and stored before the call returns the new ranked snapshot: the state is journaled
/// (each applied command appended as a <see cref="ScoreboardJournalEntry"/>, the whole
/// <see cref="ScoreboardGrainState"/> stored only as the journal's occasional snapshot), as
/// <see cref="MetricGrain"/> does. Changes go out on the board's topic stream as <see cref="BoardDelta"/> items.
/// </summary>
/// <remarks>
/// A command's answer carries the stream position that includes its change, so the change is published
/// before the answer rather than coalesced: a client can then match its own update in the stream. (If
/// that publish fails it is kept and retried, and the answer's position is the one before it; items are
/// absolute values, so applying the late item to that snapshot still ends at the board's state.)
/// Board commands are human-paced and each already costs a durable write; a burst of them still
/// reaches browsers coalesced by the gateway's per-connection queues.
/// </remarks>
[GrainType(TopicStreams.BoardNamespace)]
public sealed class ScoreboardGrain : Grain, IScoreboardGrain
{
    private readonly IJournaledState<ScoreboardGrainState, ScoreboardJournalEntry> _journal;
    private readonly ScoreboardGrainOptions _options;
    private readonly TopicDirectoryOptions _directoryOptions;
    private readonly IStreamProvider _streams;
    private readonly StreamOptions _streamOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ScoreboardAggregator? _aggregator;
    private IAsyncStream<BoardDelta>? _stream;
    private TopicPublisher<BoardDelta>? _publisher;
    private TopicDirectoryReporter? _directory;

    /// <summary>Created by the runtime.</summary>
    public ScoreboardGrain(
        [JournaledState("scoreboard")] IJournaledState<ScoreboardGrainState, ScoreboardJournalEntry> journal,
        IOptions<ScoreboardGrainOptions> options,
        IOptions<TopicDirectoryOptions> directoryOptions,
        IStreamProvider streams,
        IOptions<StreamOptions> streamOptions,
        TimeProvider time,
        ILogger<ScoreboardGrain> logger)
    {
        _journal = journal;
        _options = options.Value;
        _directoryOptions = directoryOptions.Value;
        _streams = streams;
        _streamOptions = streamOptions.Value;
        _time = time;
        _logger = logger;
    }

    private ScoreboardAggregator Aggregator => _aggregator ?? throw new InvalidOperationException(
        $"Board '{GetPrimaryKeyString()}' lost its state after a failed storage write and is reloading; retry the call.");

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var board = GetPrimaryKeyString();
        if (!TopicNames.IsValidName(board))
        {
            throw new InvalidGrainInputException($"'{board}' is not a valid board id: 1–128 characters of A–Z, a–z, 0–9, '.', '_' or '-'.");
        }

        LoadAggregator();
        _stream = _streams.GetStream<BoardDelta>(TopicStreams.For(Topic.Board(board)));
        _publisher = new TopicPublisher<BoardDelta>(
            _stream,
            // Without an aggregator (a failed write it could not recover from) there is nothing to publish.
            () => _aggregator?.TakeDelta(),
            static () => null,
            (flush, due) => RegisterGrainTimer(flush, due, Timeout.InfiniteTimeSpan),
            _streamOptions.PublishInterval,
            _time,
            _logger);
        _directory = new TopicDirectoryReporter(Topic.Board(board), GrainFactory, _directoryOptions, _time, _logger);
        RepublishLoadedState();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
        => _publisher?.PublishBeforeDeactivationAsync(reason, cancellationToken) ?? Task.CompletedTask;

    /// <inheritdoc />
    public async Task<TopicSnapshot<BoardSnapshot>> ApplyAsync(BoardCommand command, CancellationToken cancellationToken = default)
    {
        // A repeated batch id was applied once already: the answer is the board as it is.
        var aggregator = Aggregator;
        if (aggregator.Record(command, _time.GetUtcNow().ToUnixTimeMilliseconds()) is { } entry)
        {
            try
            {
                await _directory!.BeforeChangeAsync(cancellationToken);
                await _journal.AppendAsync(entry, aggregator.ToState, cancellationToken);
            }
            catch (Exception writeError)
            {
                await RebuildAfterFailedWriteAsync(writeError);
                throw;
            }

            _directory.AfterChange();
        }

        return await GetSnapshotAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TopicSnapshot<BoardSnapshot>> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        // Published first, so the position covers everything the board holds.
        await _publisher!.FlushAsync(cancellationToken);
        var position = await _stream!.GetPositionAsync(cancellationToken);
        return new TopicSnapshot<BoardSnapshot>(Topic.Board(GetPrimaryKeyString()), position, Aggregator.Snapshot());
    }

    /// <summary>
    /// A reactivated grain cannot know what subscribers got from its previous activation: changes it
    /// stored may not have been published (the activation ended before its next publish, or its last
    /// publish failed) while the stream, kept alive by its subscribers' leases, stayed in the same epoch.
    /// So the first item of an activation that loaded state carries the whole state; items are absolute
    /// values, so for subscribers who had everything it changes nothing.
    /// </summary>
    private void RepublishLoadedState()
    {
        if (_journal.RecordExists)
        {
            Aggregator.ForgetPublished();
            _publisher!.OnChanged();
        }
    }

    /// <summary>Builds the in-memory board from what the journal last read: its snapshot, then its tail replayed.</summary>
    private void LoadAggregator()
    {
        var aggregator = _journal.Snapshot is { } snapshot
            ? ScoreboardAggregator.FromState(GetPrimaryKeyString(), _options, snapshot)
            : new ScoreboardAggregator(GetPrimaryKeyString(), _options);
        foreach (var entry in _journal.Tail)
        {
            aggregator.Replay(entry);
        }

        _aggregator = aggregator;
    }

    /// <summary>
    /// After a failed write (or a failed first directory report): rebuilt from a fresh read of the
    /// journal (see <see cref="JournaledStateWrites"/>), and the next item carries the whole board
    /// (see <see cref="MetricGrain"/>); if that fails the activation deactivates.
    /// </summary>
    private async Task RebuildAfterFailedWriteAsync(Exception writeError)
    {
        _aggregator = null;
        try
        {
            if (await _journal.TryReReadAfterFailedWriteAsync(Topic.Board(GetPrimaryKeyString()), writeError, _logger))
            {
                LoadAggregator();
                Aggregator.ForgetPublished();
                _publisher!.OnChanged();
            }
        }
        finally
        {
            if (_aggregator is null)
            {
                DeactivateOnIdle();
            }
        }
    }
}
