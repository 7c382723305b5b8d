namespace LiveDash.Grains;

/// <summary>The outcome of <see cref="IMetricGrain.RecordAsync"/>.</summary>
/// <param name="Accepted">
/// Samples applied by this call: the batch size, or 0 for a duplicate (its samples were applied
/// by the earlier call that carried the same batch id).
/// </param>
/// <param name="Duplicate">Whether the batch id had already been applied, so nothing was applied now.</param>
public sealed record RecordResult(int Accepted, bool Duplicate);
