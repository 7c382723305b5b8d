namespace LiveDash.Grains;

/// <summary>
/// The state of one metric, the <c>data</c> of a metric topic snapshot:
/// <c>{"metric":"cpu.load","series":[...]}</c> (CONTRACT.md, "Metric and board state").
/// </summary>
/// <param name="Metric">The metric name.</param>
/// <param name="Series">
/// One entry per tag set, ordered by the tag set's canonical form (<see cref="CanonicalTags.Key"/>,
/// keys sorted ordinally), so the same state always serialises to the same bytes.
/// </param>
public sealed record MetricSnapshot(string Metric, IReadOnlyList<SeriesSnapshot> Series)
{
    /// <summary>
    /// This metric with <paramref name="delta"/> applied: each series of the delta replaces the
    /// held series with the same tag set (<see cref="SeriesSnapshot.Apply"/>) or joins the list at
    /// its canonical place (<see cref="SeriesSnapshot.FromDelta"/>); series the delta does not
    /// name stay as they are.
    /// </summary>
    /// <remarks>
    /// Idempotent: applying the same delta again gives an equal snapshot. Every value is absolute
    /// and keyed (series by tag set, points by second), so applying again, in order, a run of deltas
    /// the snapshot already holds also leaves it as it was: a replay that overlaps is harmless.
    /// </remarks>
    /// <param name="delta">A delta of this metric, the next one after this state.</param>
    /// <returns>A new snapshot; this one is not changed.</returns>
    /// <exception cref="ArgumentException">The delta is for another metric.</exception>
    public MetricSnapshot Apply(MetricDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (!string.Equals(delta.Metric, Metric, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A delta of metric '{delta.Metric}' cannot be applied to metric '{Metric}'.", nameof(delta));
        }

        if (delta.Series.Count == 0)
        {
            return this;
        }

        var keys = new List<string>(Series.Count + delta.Series.Count);
        var series = new List<SeriesSnapshot>(Series.Count + delta.Series.Count);
        var indexes = new Dictionary<string, int>(Series.Count, StringComparer.Ordinal);
        foreach (var held in Series)
        {
            var key = CanonicalTags.Key(held.Tags);
            indexes[key] = series.Count;
            keys.Add(key);
            series.Add(held);
        }

        var added = false;
        foreach (var change in delta.Series)
        {
            var key = CanonicalTags.Key(change.Tags);
            if (indexes.TryGetValue(key, out var index))
            {
                series[index] = series[index].Apply(change);
            }
            else
            {
                indexes[key] = series.Count;
                keys.Add(key);
                series.Add(SeriesSnapshot.FromDelta(change));
                added = true;
            }
        }

        if (!added)
        {
            return this with { Series = [.. series] };
        }

        var keyArray = keys.ToArray();
        var seriesArray = series.ToArray();
        Array.Sort(keyArray, seriesArray, StringComparer.Ordinal);
        return this with { Series = seriesArray };
    }
}
