using System.Text.Json.Serialization;

namespace LiveDash.Grains;

/// <summary>
/// Samples for one metric, applied all-or-nothing. On the wire (grain calls, the metric grain's
/// journal) each distinct tag set is written once; see <see cref="MetricBatchJsonConverter"/>.
/// </summary>
/// <param name="BatchId">
/// Optional idempotency key (see <see cref="BatchIdRules"/>): a batch with an id the grain applied
/// within <see cref="MetricGrainOptions.BatchIdRetention"/> is not applied again.
/// </param>
/// <param name="Samples">
/// The samples, in arrival order; an item index in an error refers to this list. Samples of one
/// series may share one tags dictionary (a decoded batch always does), which lets the grain key the
/// series once.
/// </param>
[JsonConverter(typeof(MetricBatchJsonConverter))]
public sealed record MetricBatch(string? BatchId, IReadOnlyList<MetricSample> Samples);
