using LiveDash.Grains.Aggregation;
using LiveDash.Grains.Directory;
using LiveDash.Grains.Publishing;
using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Grains;

/// <summary>
/// Owns one metric (key = metric name): its series per tag set, their rolling windows and
/// quantile sketches. A batch is validated whole, applied, and stored before the call returns, so
/// a returned <see cref="RecordResult"/> means durable: the state is journaled — each applied batch
/// is appended with the clock reading it was applied at (<see cref="MetricJournalEntry"/>), and the
/// whole state (<see cref="MetricGrainState"/>) is stored only as the journal's occasional snapshot.
/// Changes go out on the metric's topic stream
/// as <see cref="MetricDelta"/> items, coalesced (<see cref="StreamOptions.PublishInterval"/>).
/// </summary>
[GrainType(TopicStreams.MetricNamespace)]
public sealed class MetricGrain : Grain, IMetricGrain
{
    // While a series has recent samples its rate, quantiles and points move with time alone: publish
    // them about once a second, so a dashboard's rate decays to 0 when samples stop.
    private static readonly TimeSpan s_timeOnlyChangePeriod = TimeSpan.FromSeconds(1);

    private readonly IJournaledState<MetricGrainState, MetricJournalEntry> _journal;
    private readonly MetricGrainOptions _options;
    private readonly TopicDirectoryOptions _directoryOptions;
    private readonly IStreamProvider _streams;
    private readonly StreamOptions _streamOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private MetricAggregator? _aggregator;
    private IAsyncStream<MetricDelta>? _stream;
    private TopicPublisher<MetricDelta>? _publisher;
    private TopicDirectoryReporter? _directory;

    // The clock reading of the last delta taken: a snapshot right after a flush is read at the same
    // instant, so it holds exactly what the published items hold (rates and windows move with time).
    private long _lastDeltaMs;

    /// <summary>Created by the runtime.</summary>
    public MetricGrain(
        [JournaledState("metric")] IJournaledState<MetricGrainState, MetricJournalEntry> journal,
        IOptions<MetricGrainOptions> options,
        IOptions<TopicDirectoryOptions> directoryOptions,
        IStreamProvider streams,
        IOptions<StreamOptions> streamOptions,
        TimeProvider time,
        ILogger<MetricGrain> logger)
    {
        _journal = journal;
        _options = options.Value;
        _directoryOptions = directoryOptions.Value;
        _streams = streams;
        _streamOptions = streamOptions.Value;
        _time = time;
        _logger = logger;
    }

    private MetricAggregator Aggregator => _aggregator ?? throw new InvalidOperationException(
        $"Metric '{GetPrimaryKeyString()}' lost its state after a failed storage write and is reloading; retry the call.");

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var metric = GetPrimaryKeyString();
        if (!TopicNames.IsValidName(metric))
        {
            throw new InvalidGrainInputException($"'{metric}' is not a valid metric name: 1–128 characters of A–Z, a–z, 0–9, '.', '_' or '-'.");
        }

        LoadAggregator();
        _stream = _streams.GetStream<MetricDelta>(TopicStreams.For(Topic.Metric(metric)));
        _publisher = new TopicPublisher<MetricDelta>(
            _stream,
            // Without an aggregator (a failed write it could not recover from) there is nothing to publish.
            () => _aggregator?.TakeDelta(_lastDeltaMs = NowMs()),
            () => _aggregator?.HasRecentSamples(NowMs()) == true ? s_timeOnlyChangePeriod : null,
            (flush, due) => RegisterGrainTimer(flush, due, Timeout.InfiniteTimeSpan),
            _streamOptions.PublishInterval,
            _time,
            _logger);
        _directory = new TopicDirectoryReporter(Topic.Metric(metric), GrainFactory, _directoryOptions, _time, _logger);
        RepublishLoadedState();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
        => _publisher?.PublishBeforeDeactivationAsync(reason, cancellationToken) ?? Task.CompletedTask;

    /// <inheritdoc />
    public async Task<RecordResult> RecordAsync(MetricBatch batch, CancellationToken cancellationToken = default)
    {
        var aggregator = Aggregator;
        var nowMs = NowMs();
        var result = aggregator.Apply(batch, nowMs);
        if (!result.Duplicate)
        {
            try
            {
                try
                {
                    await _directory!.BeforeChangeAsync(cancellationToken);
                    await _journal.AppendAsync(new MetricJournalEntry { NowMs = nowMs, Batch = batch }, aggregator.ToState, cancellationToken);
                }
                catch (Exception writeError)
                {
                    await RebuildAfterFailedWriteAsync(writeError);
                    throw;
                }
            }
            finally
            {
                _publisher!.OnChanged();
            }

            _directory.AfterChange();
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<TopicSnapshot<MetricSnapshot>> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        // Published first, so the position covers everything the state holds.
        await _publisher!.FlushAsync(cancellationToken);
        var position = await _stream!.GetPositionAsync(cancellationToken);
        return new TopicSnapshot<MetricSnapshot>(Topic.Metric(GetPrimaryKeyString()), position, Aggregator.Snapshot(_lastDeltaMs));
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

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

    /// <summary>Builds the in-memory aggregate from what the journal last read: its snapshot, then its tail replayed.</summary>
    private void LoadAggregator()
    {
        var aggregator = _journal.Snapshot is { } snapshot
            ? MetricAggregator.FromState(GetPrimaryKeyString(), _options, snapshot)
            : new MetricAggregator(GetPrimaryKeyString(), _options);
        foreach (var entry in _journal.Tail)
        {
            aggregator.Replay(entry.Batch, entry.NowMs);
        }

        _aggregator = aggregator;
    }

    /// <summary>
    /// After a failed write (or a failed first directory report): rebuilt from a fresh read of the
    /// journal (see <see cref="JournaledStateWrites"/>). Subscribers may lack earlier changes that were
    /// stored but not yet published, so the next item carries the whole metric.
    /// </summary>
    private async Task RebuildAfterFailedWriteAsync(Exception writeError)
    {
        // Until the read completes nothing (a publishing timer included) may see the unacknowledged batch.
        _aggregator = null;
        try
        {
            if (await _journal.TryReReadAfterFailedWriteAsync(Topic.Metric(GetPrimaryKeyString()), writeError, _logger))
            {
                LoadAggregator();
                Aggregator.ForgetPublished();
            }
        }
        finally
        {
            // Not rebuilt (the read failed, or what it read does not load): the next activation loads.
            if (_aggregator is null)
            {
                DeactivateOnIdle();
            }
        }
    }
}
