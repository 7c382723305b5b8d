using LiveDash.Grains.Aggregation;
using LiveDash.Runtime;
using Microsoft.Extensions.Options;

namespace LiveDash.Grains;

/// <summary>
/// Owns one metric (key = metric name): its series per tag set, their rolling windows and
/// quantile sketches. A batch is validated whole, applied, and stored before the call returns, so
/// a returned <see cref="RecordResult"/> means durable.
/// </summary>
[GrainType("metric")]
public sealed class MetricGrain : Grain, IMetricGrain
{
    private readonly IPersistentState<MetricGrainState> _state;
    private readonly MetricGrainOptions _options;
    private readonly TimeProvider _time;
    private MetricAggregator? _aggregator;

    /// <summary>Created by the runtime.</summary>
    public MetricGrain(
        [PersistentState("metric")] IPersistentState<MetricGrainState> state,
        IOptions<MetricGrainOptions> options,
        TimeProvider time)
    {
        _state = state;
        _options = options.Value;
        _time = time;
    }

    private MetricAggregator Aggregator => _aggregator ?? throw new InvalidOperationException("The metric grain is not activated.");

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var metric = GetPrimaryKeyString();
        if (!TopicNames.IsValidName(metric))
        {
            throw new InvalidGrainInputException($"'{metric}' is not a valid metric name: 1–128 characters of A–Z, a–z, 0–9, '.', '_' or '-'.");
        }

        _aggregator = _state.RecordExists
            ? MetricAggregator.FromState(metric, _options, _state.State)
            : new MetricAggregator(metric, _options);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<RecordResult> RecordAsync(MetricBatch batch, CancellationToken cancellationToken = default)
    {
        var stored = _state.State;
        var result = Aggregator.Apply(batch, NowMs());
        if (result.Duplicate)
        {
            return result;
        }

        _state.State = Aggregator.ToState();
        try
        {
            await _state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            // Not stored, so not applied: go back to what storage holds. (A stale etag also
            // deactivates this activation; the next one reads the newer state.)
            _state.State = stored;
            _aggregator = _state.RecordExists
                ? MetricAggregator.FromState(Aggregator.Metric, _options, stored)
                : new MetricAggregator(Aggregator.Metric, _options);
            throw;
        }

        return result;
    }

    /// <inheritdoc />
    public Task<MetricSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
        => Task.FromResult(Aggregator.Snapshot(NowMs()));

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
