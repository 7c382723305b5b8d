namespace LiveDash.Grains;

/// <summary>
/// The state of one metric, the <c>data</c> of a metric topic snapshot:
/// <c>{"metric":"cpu.load","series":[...]}</c> (CONTRACT.md, "Metric and board state").
/// </summary>
/// <param name="Metric">The metric name.</param>
/// <param name="Series">
/// One entry per tag set, ordered by the tag set's canonical form (keys sorted ordinally), so the
/// same state always serialises to the same bytes.
/// </param>
public sealed record MetricSnapshot(string Metric, IReadOnlyList<SeriesSnapshot> Series);
