namespace LiveDash.Grains;

/// <summary>
/// The state of one series (one tag set of a metric). Serialises as
/// <c>{"tags":{..},"last":..,"count":..,"sum":..,"min":..,"max":..,"rate":..,"p50":..,"p90":..,"p99":..,"points":[[tsSecond,avg],...]}</c>.
/// </summary>
/// <param name="Tags">The tag set, keys in ordinal order.</param>
/// <param name="Last">The value of the sample with the greatest timestamp; on a tie, the one applied last.</param>
/// <param name="Count">Samples since the series began.</param>
/// <param name="Sum">Sum of all values since the series began.</param>
/// <param name="Min">Smallest value since the series began.</param>
/// <param name="Max">Largest value since the series began.</param>
/// <param name="Rate">Samples per second over the last minute: samples stamped in the 60 whole seconds ending with the current one, divided by 60.</param>
/// <param name="P50">Median over the last 5 minutes, within the configured relative accuracy; null when no sample is that recent.</param>
/// <param name="P90">90th percentile over the last 5 minutes; null when no sample is that recent.</param>
/// <param name="P99">99th percentile over the last 5 minutes; null when no sample is that recent.</param>
/// <param name="Points">One point per second that has samples in the last 5 minutes (300 whole seconds ending with the current one), oldest first.</param>
public sealed record SeriesSnapshot(
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
    IReadOnlyList<SeriesPoint> Points);
