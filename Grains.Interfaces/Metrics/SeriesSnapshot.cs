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
/// <param name="Points">
/// One point per second that has samples in the last 5 minutes (300 whole seconds ending with the
/// current one), oldest first. Samples stamped ahead of the grain's clock (within the allowed skew)
/// end the window at their second instead, so it then shows that many fewer past seconds.
/// </param>
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
    IReadOnlyList<SeriesPoint> Points)
{
    /// <summary>
    /// This series with <paramref name="delta"/> applied: the delta's scalars replace these, points
    /// older than <see cref="SeriesDelta.WindowStartSecond"/> are dropped, and the delta's points
    /// replace or join the held ones by second, oldest first.
    /// </summary>
    /// <remarks>
    /// Idempotent: applying the same delta again gives an equal series. Every value a delta carries
    /// is absolute (no increments), so applying again, in order, deltas the series already holds
    /// leaves it as it was; a replay that overlaps what a reader holds is harmless.
    /// </remarks>
    /// <param name="delta">A delta of this series (same tag set).</param>
    /// <returns>A new series; this one is not changed.</returns>
    /// <exception cref="ArgumentException">The delta is for another tag set.</exception>
    public SeriesSnapshot Apply(SeriesDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (!SameTags(Tags, delta.Tags))
        {
            throw new ArgumentException(
                $"A delta of series '{CanonicalTags.Key(delta.Tags)}' cannot be applied to series '{CanonicalTags.Key(Tags)}'.",
                nameof(delta));
        }

        return Create(delta, Tags, Points);
    }

    /// <summary>The series a reader adds when a delta names a tag set it does not hold yet (a new series is sent whole).</summary>
    /// <param name="delta">The delta of the new series.</param>
    /// <returns>The series the delta describes, its tags in key order whatever order the delta listed them in.</returns>
    public static SeriesSnapshot FromDelta(SeriesDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        return Create(delta, CanonicalTags.Sorted(delta.Tags), []);
    }

    private static SeriesSnapshot Create(SeriesDelta delta, IReadOnlyDictionary<string, string> tags, IReadOnlyList<SeriesPoint> held)
        => new(
            tags,
            delta.Last,
            delta.Count,
            delta.Sum,
            delta.Min,
            delta.Max,
            delta.Rate,
            delta.P50,
            delta.P90,
            delta.P99,
            MergePoints(held, delta.Points, delta.WindowStartSecond));

    /// <summary>Held points from <paramref name="windowStart"/> on, merged with <paramref name="changed"/> (which win on an equal second), ascending.</summary>
    private static SeriesPoint[] MergePoints(IReadOnlyList<SeriesPoint> held, IReadOnlyList<SeriesPoint> changed, long windowStart)
    {
        var added = IsAscending(changed) ? changed : [.. changed.OrderBy(point => point.TsSecond)];
        var merged = new List<SeriesPoint>(held.Count + added.Count);
        var h = 0;
        var a = 0;
        while (h < held.Count && held[h].TsSecond < windowStart)
        {
            h++;
        }

        while (a < added.Count && added[a].TsSecond < windowStart)
        {
            a++;
        }

        while (h < held.Count || a < added.Count)
        {
            if (a == added.Count || (h < held.Count && held[h].TsSecond < added[a].TsSecond))
            {
                merged.Add(held[h++]);
                continue;
            }

            if (h < held.Count && held[h].TsSecond == added[a].TsSecond)
            {
                h++;
            }

            // Of equal seconds within one delta (not sent by a grain) the later one wins, as a map would have it.
            if (a + 1 == added.Count || added[a + 1].TsSecond != added[a].TsSecond)
            {
                merged.Add(added[a]);
            }

            a++;
        }

        return [.. merged];
    }

    private static bool IsAscending(IReadOnlyList<SeriesPoint> points)
    {
        for (var i = 1; i < points.Count; i++)
        {
            if (points[i].TsSecond < points[i - 1].TsSecond)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameTags(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (key, value) in left)
        {
            if (!right.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
