namespace LiveDash.Grains;

/// <summary>Samples for one metric, applied all-or-nothing.</summary>
/// <param name="BatchId">
/// Optional idempotency key (see <see cref="BatchIdRules"/>): a batch with an id the grain applied
/// within <see cref="MetricGrainOptions.BatchIdRetention"/> is not applied again.
/// </param>
/// <param name="Samples">The samples, in arrival order; an item index in an error refers to this list.</param>
public sealed record MetricBatch(string? BatchId, IReadOnlyList<MetricSample> Samples);
