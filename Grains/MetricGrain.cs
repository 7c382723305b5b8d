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

        LoadAggregator();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<RecordResult> RecordAsync(MetricBatch batch, CancellationToken cancellationToken = default)
    {
        var result = Aggregator.Apply(batch, NowMs());
        if (!result.Duplicate)
        {
            await _state.StoreOrRollBackAsync(Aggregator.ToState(), LoadAggregator, cancellationToken);
        }

        return result;
    }

    /// <inheritdoc />
    public Task<MetricSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
        => Task.FromResult(Aggregator.Snapshot(NowMs()));

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Builds the in-memory aggregate from what storage holds.</summary>
    private void LoadAggregator()
        => _aggregator = _state.RecordExists
            ? MetricAggregator.FromState(GetPrimaryKeyString(), _options, _state.State)
            : new MetricAggregator(GetPrimaryKeyString(), _options);
}
