namespace LiveDash.Grains;

/// <summary>
/// The new state of one series in a <see cref="MetricDelta"/>: every scalar in full, and only the
/// points a reader does not hold yet. Serialises like <see cref="SeriesSnapshot"/> plus
/// <c>"windowStartSecond"</c>:
/// <c>{"tags":{..},"last":..,"count":..,"sum":..,"min":..,"max":..,"rate":..,"p50":..,"p90":..,"p99":..,"points":[[tsSecond,avg],...],"windowStartSecond":..}</c>.
/// </summary>
/// <remarks>
/// A reader applies it with <see cref="SeriesSnapshot.Apply"/>: replace the scalars, drop held
/// points older than <see cref="WindowStartSecond"/>, then insert or replace <see cref="Points"/>
/// by second. Points the delta does not list keep their value.
/// </remarks>
/// <param name="Tags">The tag set, keys in ordinal order; identifies the series (<see cref="CanonicalTags.Key"/>).</param>
/// <param name="Last">As <see cref="SeriesSnapshot.Last"/>.</param>
/// <param name="Count">As <see cref="SeriesSnapshot.Count"/>.</param>
/// <param name="Sum">As <see cref="SeriesSnapshot.Sum"/>.</param>
/// <param name="Min">As <see cref="SeriesSnapshot.Min"/>.</param>
/// <param name="Max">As <see cref="SeriesSnapshot.Max"/>.</param>
/// <param name="Rate">As <see cref="SeriesSnapshot.Rate"/>.</param>
/// <param name="P50">As <see cref="SeriesSnapshot.P50"/>.</param>
/// <param name="P90">As <see cref="SeriesSnapshot.P90"/>.</param>
/// <param name="P99">As <see cref="SeriesSnapshot.P99"/>.</param>
/// <param name="Points">
/// The points that are new or whose average changed since the previous delta or snapshot, oldest
/// first; all of them when the series is new.
/// </param>
/// <param name="WindowStartSecond">
/// The oldest second still in the series' 5-minute points window (Unix seconds): a reader drops
/// every point older than it. Points slide out of the window this way, without being listed.
/// </param>
public sealed record SeriesDelta(
    IReadOnlyDictionary<string, string> Tags,
    double Last,
    long Count,
    double Sum,
    double Min,
    double Max,
    double Rate,
    double? P50,
    double? P90,
    double? P99,
    IReadOnlyList<SeriesPoint> Points,
    long WindowStartSecond);
