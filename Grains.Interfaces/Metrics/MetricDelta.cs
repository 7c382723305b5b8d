namespace LiveDash.Grains;

/// <summary>
/// The changes of one metric since the previous delta or snapshot, the <c>data</c> of a metric
/// topic <c>update</c>: <c>{"metric":"cpu.load","series":[...]}</c>. Applying a snapshot and then
/// every later delta in order with <see cref="MetricSnapshot.Apply"/> reproduces the grain's state.
/// </summary>
/// <remarks>
/// A series is listed when any of its values changed, including changes that come from time alone:
/// rate, quantiles and points slide with the clock, so a metric whose samples stopped keeps sending
/// deltas until its windows are empty (its rate decays to 0). A series listed for the first time
/// is sent whole. Series are never removed.
/// </remarks>
/// <param name="Metric">The metric name.</param>
/// <param name="Series">
/// The changed series, in canonical tag-set order (<see cref="CanonicalTags.Key"/>), like
/// <see cref="MetricSnapshot.Series"/>.
/// </param>
public sealed record MetricDelta(string Metric, IReadOnlyList<SeriesDelta> Series);
