namespace LiveDash.Grains.Aggregation;

/// <summary>
/// What readers hold of one series (as of the last delta or snapshot that carried it) and the
/// <see cref="SeriesDelta"/> that brings them to the series as seen at a later time.
/// </summary>
/// <remarks>
/// <para><b>No copy of the points.</b> Readers hold the points that were in the window when the
/// series was last published, at second n₀. At a later second n a point is new to them when its
/// second is after n₀ (it entered the window as time passed) or its bucket was written since
/// (<see cref="SeriesAggregator.IsBucketChanged"/>); every other point in the window they hold with
/// the same average. Points they hold that left the window are older than its start, which the
/// delta carries: a point never leaves from the middle (<see cref="SeriesAggregator.WindowStartSecond"/>)
/// and n never goes back (<see cref="MetricAggregator"/> holds its clock at the last delta's time).
/// So the baseline is a few numbers per series, not 300 points.</para>
/// <para><b>Time.</b> Rate, quantiles and points change with time alone. A series without new
/// samples is looked at again only from <see cref="SeriesAggregator.NextTimeChangeSecond"/> on,
/// so an idle series costs one comparison per <see cref="TakeDelta"/>.</para>
/// <para>Doubles are compared bit for bit: a delta must reproduce the snapshot's JSON exactly, and
/// 0 and −0 are equal as numbers but not as text.</para>
/// </remarks>
internal sealed class SeriesPublication
{
    // _second values before the first publish: readers do not hold the series, so every point is new;
    // or they hold what was loaded from storage, so no point is new by time alone.
    private const long NeverPublished = long.MinValue;
    private const long Loaded = long.MaxValue;

    private readonly SeriesAggregator _series;

    // The second the series was last published at.
    private long _second = NeverPublished;

    // The oldest point readers hold; long.MaxValue when they hold none (or after loading, where it is the window's anyway).
    private long _oldestPoint = long.MaxValue;

    // Rate and quantiles readers hold; unknown after loading, where only new samples can differ from them.
    private bool _valuesKnown;
    private double _rate;
    private double? _p50;
    private double? _p90;
    private double? _p99;

    // Until this second, only new samples can change the series.
    private long _nextTimeChangeSecond = long.MinValue;

    /// <summary>Creates the publication of a series readers do not hold yet.</summary>
    public SeriesPublication(SeriesAggregator series) => _series = series;

    /// <summary>
    /// Makes the series as loaded from storage the baseline: readers of a reloaded metric start
    /// from a snapshot, so the next delta carries only what samples change after the load.
    /// </summary>
    public void MarkLoaded()
    {
        _second = Loaded;
        _oldestPoint = long.MaxValue;
        _valuesKnown = false;
        _nextTimeChangeSecond = long.MinValue;
    }

    /// <summary>
    /// Forgets what readers hold: the next delta carries the whole series, as to a reader that never
    /// saw it. For when readers may hold less than the baseline (changes stored but never published).
    /// </summary>
    public void Forget()
    {
        _second = NeverPublished;
        _oldestPoint = long.MaxValue;
        _valuesKnown = false;
        _nextTimeChangeSecond = long.MinValue;
    }

    /// <summary>
    /// The series' changes since it was last published, as seen at <paramref name="nowMs"/>, or null
    /// when readers already hold exactly that; either way the series counts as published at
    /// <paramref name="nowMs"/> afterwards.
    /// </summary>
    /// <param name="nowMs">The grain's clock, Unix milliseconds; never earlier than the previous call's.</param>
    /// <param name="scratch">A sketch with the series' α, cleared and used to merge the quantile slices.</param>
    public SeriesDelta? TakeDelta(long nowMs, QuantileSketch scratch)
    {
        var nowSecond = SeriesAggregator.FloorDiv(nowMs, 1000);
        if (!_series.HasChanges && nowSecond < _nextTimeChangeSecond)
        {
            return null;
        }

        var windowStart = _series.WindowStartSecond(nowSecond);
        List<SeriesPoint>? points = null;
        var oldestPoint = long.MaxValue;
        for (var second = windowStart; second <= nowSecond; second++)
        {
            if (!_series.TryGetPoint(second, out var point))
            {
                continue;
            }

            oldestPoint = Math.Min(oldestPoint, second);
            if (second > _second || _series.IsBucketChanged(second))
            {
                (points ??= []).Add(point);
            }
        }

        var rate = _series.Rate(nowSecond);
        _series.MergeWindowSlices(nowSecond, scratch);
        var p50 = scratch.Quantile(0.50);
        var p90 = scratch.Quantile(0.90);
        var p99 = scratch.Quantile(0.99);

        var changed = _second == NeverPublished
            || _series.HasChanges
            || points is not null
            || _oldestPoint < windowStart
            || (_valuesKnown && !(Same(rate, _rate) && Same(p50, _p50) && Same(p90, _p90) && Same(p99, _p99)));

        _second = nowSecond;
        _oldestPoint = oldestPoint;
        _valuesKnown = true;
        _rate = rate;
        _p50 = p50;
        _p90 = p90;
        _p99 = p99;
        _nextTimeChangeSecond = _series.NextTimeChangeSecond(nowSecond);
        _series.ClearChanges();

        return changed
            ? new SeriesDelta(
                _series.Tags,
                _series.Last,
                _series.Count,
                _series.Sum,
                _series.Min,
                _series.Max,
                rate,
                p50,
                p90,
                p99,
                points is null ? [] : [.. points],
                windowStart)
            : null;
    }

    private static bool Same(double left, double right) => BitConverter.DoubleToInt64Bits(left) == BitConverter.DoubleToInt64Bits(right);

    private static bool Same(double? left, double? right)
        => left.HasValue == right.HasValue && (!left.HasValue || Same(left.GetValueOrDefault(), right.GetValueOrDefault()));
}
