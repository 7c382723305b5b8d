namespace LiveDash.Grains.Aggregation;

/// <summary>
/// The aggregates of one series (one tag set of a metric): totals since the series began, a ring
/// of one-second buckets for points and rate, and 10-second quantile sketches for p50/p90/p99.
/// </summary>
/// <remarks>
/// <para><b>Time.</b> Every window is keyed by the sample's own timestamp, floored to the second,
/// and read relative to the <c>nowMs</c> given to <see cref="Snapshot"/>; nothing reads a clock.
/// Points cover the <see cref="WindowSeconds"/> whole seconds ending with now's second, rate the
/// <see cref="RateWindowSeconds"/> seconds ending with it, quantiles the <see cref="SliceCount"/>
/// slices of <see cref="SliceSeconds"/> s ending with now's slice. Future-stamped samples (allowed
/// up to the clock-skew option) are kept and appear once now reaches their second.</para>
/// <para><b>Ring slots.</b> Second s lives in slot s mod 300 (slice k in slot k mod 30); a slot holds
/// the newest second written to it. A sample older than its slot's second, or already outside the
/// window at <c>nowMs</c>, counts toward the totals only. So a sample stamped Δ seconds in the
/// future takes the slot of the window's oldest Δ seconds a little early: clock skew of a few
/// seconds shortens the visible window by as much. The points window therefore ends with the
/// newest second held when that is ahead of now (<see cref="WindowStartSecond"/>): the window
/// loses its oldest Δ seconds as a whole, never a point from its middle, which is what lets a
/// reader follow it by dropping points older than the window's start.</para>
/// </remarks>
internal sealed class SeriesAggregator
{
    /// <summary>Length of the points and quantile windows: 5 minutes.</summary>
    public const int WindowSeconds = 300;

    /// <summary>Length of the rate window: 1 minute.</summary>
    public const int RateWindowSeconds = 60;

    /// <summary>Duration of one quantile slice.</summary>
    public const int SliceSeconds = 10;

    /// <summary>Quantile slices in the window.</summary>
    public const int SliceCount = WindowSeconds / SliceSeconds;

    private const long EmptySlot = long.MinValue;

    private readonly double _relativeAccuracy;
    private readonly int _maxSketchBuckets;

    // Parallel arrays indexed by slot: which second the slot holds, its sample count and value sum.
    private readonly long[] _bucketSeconds = new long[WindowSeconds];
    private readonly long[] _bucketCounts = new long[WindowSeconds];
    private readonly double[] _bucketSums = new double[WindowSeconds];

    // The newest second any bucket holds; EmptySlot while none does.
    private long _newestSecond = EmptySlot;

    // Bucket slots written since ClearChanges, one bit per slot.
    private readonly ulong[] _changedSlots = new ulong[(WindowSeconds + 63) / 64];

    // Parallel arrays indexed by slot: which 10-second slice the slot holds and its sketch (allocated on first use).
    private readonly long[] _sliceIndexes = new long[SliceCount];
    private readonly QuantileSketch?[] _slices = new QuantileSketch?[SliceCount];

    // The newest slice any slot holds; EmptySlot while none does.
    private long _newestSlice = EmptySlot;

    /// <summary>Creates an empty series.</summary>
    /// <param name="key">The canonical key of the tag set (<see cref="CanonicalTags.Key"/>).</param>
    /// <param name="tags">The tag set; a sorted read-only copy is kept.</param>
    /// <param name="relativeAccuracy">α of the quantile sketches.</param>
    /// <param name="maxSketchBuckets">The bucket bound per sign of each sketch.</param>
    public SeriesAggregator(string key, IReadOnlyDictionary<string, string> tags, double relativeAccuracy, int maxSketchBuckets)
    {
        Key = key;
        Tags = CanonicalTags.Sorted(tags);
        _relativeAccuracy = relativeAccuracy;
        _maxSketchBuckets = maxSketchBuckets;
        Array.Fill(_bucketSeconds, EmptySlot);
        Array.Fill(_sliceIndexes, EmptySlot);
        Publication = new SeriesPublication(this);
    }

    /// <summary>The canonical key of the tag set.</summary>
    public string Key { get; }

    /// <summary>The tag set, enumerating in key order; shared by every snapshot (it never changes).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>Samples since the series began.</summary>
    public long Count { get; private set; }

    /// <summary>Sum of all values.</summary>
    public double Sum { get; private set; }

    /// <summary>Smallest value; meaningless while <see cref="Count"/> is 0.</summary>
    public double Min { get; private set; }

    /// <summary>Largest value; meaningless while <see cref="Count"/> is 0.</summary>
    public double Max { get; private set; }

    /// <summary>The value of the sample with the greatest timestamp (on a tie, the later one applied).</summary>
    public double Last { get; private set; }

    /// <summary>The timestamp of <see cref="Last"/>, Unix milliseconds.</summary>
    public long LastTimestampMs { get; private set; }

    /// <summary>What readers were last given of this series, and the delta from there.</summary>
    public SeriesPublication Publication { get; }

    /// <summary>Whether a sample was added since the series began or since <see cref="ClearChanges"/>.</summary>
    public bool HasChanges { get; private set; }

    /// <summary>
    /// The last second at which time alone still changes what <see cref="Snapshot"/> shows: when
    /// the newest point leaves the points window, or the newest slice the quantile window.
    /// <see cref="long.MinValue"/> when the windows never held anything.
    /// </summary>
    public long LastTimeChangeSecond => Math.Max(
        _newestSecond == EmptySlot ? EmptySlot : _newestSecond + WindowSeconds,
        _newestSlice == EmptySlot ? EmptySlot : (_newestSlice + SliceCount) * SliceSeconds);

    /// <summary>Adds one validated sample.</summary>
    /// <param name="value">A finite value.</param>
    /// <param name="timestampMs">The sample's timestamp, Unix milliseconds.</param>
    /// <param name="nowMs">The grain's clock, Unix milliseconds; decides whether the sample is still inside the windows.</param>
    public void Add(double value, long timestampMs, long nowMs)
    {
        if (Count == 0)
        {
            Min = value;
            Max = value;
        }
        else
        {
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
        }

        if (Count == 0 || timestampMs >= LastTimestampMs)
        {
            Last = value;
            LastTimestampMs = timestampMs;
        }

        Count++;
        Sum += value;
        HasChanges = true;

        var second = FloorDiv(timestampMs, 1000);
        var nowSecond = FloorDiv(nowMs, 1000);
        if (second > nowSecond - WindowSeconds)
        {
            AddToBucket(second, value);
        }

        var slice = FloorDiv(second, SliceSeconds);
        if (slice > FloorDiv(nowSecond, SliceSeconds) - SliceCount)
        {
            AddToSlice(slice, value);
        }
    }

    /// <summary>The series as seen at <paramref name="nowMs"/>.</summary>
    /// <param name="nowMs">The grain's clock, Unix milliseconds.</param>
    /// <param name="scratch">A sketch with this series' α; it is cleared and used to merge the slices, so one instance serves every snapshot.</param>
    public SeriesSnapshot Snapshot(long nowMs, QuantileSketch scratch)
    {
        var nowSecond = FloorDiv(nowMs, 1000);
        var windowStart = WindowStartSecond(nowSecond);
        var pointCount = 0;
        for (var second = windowStart; second <= nowSecond; second++)
        {
            if (_bucketSeconds[Slot(second, WindowSeconds)] == second)
            {
                pointCount++;
            }
        }

        var points = pointCount == 0 ? [] : new SeriesPoint[pointCount];
        var next = 0;
        for (var second = windowStart; next < pointCount; second++)
        {
            if (TryGetPoint(second, out var point))
            {
                points[next++] = point;
            }
        }

        MergeWindowSlices(nowSecond, scratch);
        return new SeriesSnapshot(
            Tags,
            Last,
            Count,
            Sum,
            Min,
            Max,
            Rate(nowSecond),
            P50: scratch.Quantile(0.50),
            P90: scratch.Quantile(0.90),
            P99: scratch.Quantile(0.99),
            points);
    }

    /// <summary>
    /// The oldest second of the points window at <paramref name="nowSecond"/>: the window is the
    /// <see cref="WindowSeconds"/> seconds ending with now's second, or with the newest second held
    /// when future-stamped samples put that ahead of now (see the remarks). It never moves back
    /// while now does not.
    /// </summary>
    public long WindowStartSecond(long nowSecond) => Math.Max(nowSecond, _newestSecond) - WindowSeconds + 1;

    /// <summary>The point of <paramref name="second"/>, when its ring slot holds that second.</summary>
    public bool TryGetPoint(long second, out SeriesPoint point)
    {
        var slot = Slot(second, WindowSeconds);
        if (_bucketSeconds[slot] != second)
        {
            point = default;
            return false;
        }

        point = new SeriesPoint(second, _bucketSums[slot] / _bucketCounts[slot]);
        return true;
    }

    /// <summary>Samples per second over the <see cref="RateWindowSeconds"/> seconds ending with <paramref name="nowSecond"/>.</summary>
    public double Rate(long nowSecond)
    {
        long recentSamples = 0;
        for (var second = nowSecond - RateWindowSeconds + 1; second <= nowSecond; second++)
        {
            var slot = Slot(second, WindowSeconds);
            if (_bucketSeconds[slot] == second)
            {
                recentSamples += _bucketCounts[slot];
            }
        }

        return recentSamples / (double)RateWindowSeconds;
    }

    /// <summary>Clears <paramref name="scratch"/> and merges into it the slices of the quantile window ending with <paramref name="nowSecond"/>'s slice.</summary>
    public void MergeWindowSlices(long nowSecond, QuantileSketch scratch)
    {
        scratch.Clear();
        var nowSlice = FloorDiv(nowSecond, SliceSeconds);
        for (var slice = nowSlice - SliceCount + 1; slice <= nowSlice; slice++)
        {
            var slot = Slot(slice, SliceCount);
            if (_sliceIndexes[slot] == slice && _slices[slot] is { } sketch)
            {
                scratch.Merge(sketch);
            }
        }
    }

    /// <summary>Whether the bucket slot of <paramref name="second"/> was written since <see cref="ClearChanges"/>.</summary>
    public bool IsBucketChanged(long second)
    {
        var slot = Slot(second, WindowSeconds);
        return (_changedSlots[slot >> 6] & (1UL << (slot & 63))) != 0;
    }

    /// <summary>Forgets the changes: <see cref="HasChanges"/> and <see cref="IsBucketChanged"/> start over.</summary>
    public void ClearChanges()
    {
        Array.Clear(_changedSlots);
        HasChanges = false;
    }

    /// <summary>
    /// The first second after <paramref name="afterSecond"/> at which time alone may change what
    /// <see cref="Snapshot"/> shows (a point or slice entering or leaving a window); never later
    /// than the real change, sometimes earlier. <see cref="long.MaxValue"/> when nothing will.
    /// </summary>
    /// <remarks>A scan of the 300 bucket and 30 slice slots, made only for a series whose delta was just computed.</remarks>
    public long NextTimeChangeSecond(long afterSecond)
    {
        var next = long.MaxValue;
        foreach (var second in _bucketSeconds)
        {
            if (second != EmptySlot)
            {
                // Entering the points and rate windows, leaving the rate window, leaving the points window.
                next = Earliest(next, afterSecond, second);
                next = Earliest(next, afterSecond, second + RateWindowSeconds);
                next = Earliest(next, afterSecond, second + WindowSeconds);
            }
        }

        foreach (var slice in _sliceIndexes)
        {
            if (slice != EmptySlot)
            {
                next = Earliest(next, afterSecond, slice * SliceSeconds);
                next = Earliest(next, afterSecond, (slice + SliceCount) * SliceSeconds);
            }
        }

        return next;
    }

    /// <summary>Captures the series for storage: occupied buckets and slices only, ascending; shares nothing with the series.</summary>
    public SeriesState ToState()
    {
        var bucketSlots = OccupiedSlots(_bucketSeconds);
        var sliceSlots = OccupiedSlots(_sliceIndexes);
        return new SeriesState
        {
            Tags = new Dictionary<string, string>(Tags, StringComparer.Ordinal),
            Last = Last,
            LastTimestampMs = LastTimestampMs,
            Count = Count,
            Sum = Sum,
            Min = Min,
            Max = Max,
            BucketSeconds = Array.ConvertAll(bucketSlots, slot => _bucketSeconds[slot]),
            BucketCounts = Array.ConvertAll(bucketSlots, slot => _bucketCounts[slot]),
            BucketSums = Array.ConvertAll(bucketSlots, slot => _bucketSums[slot]),
            SliceIndexes = Array.ConvertAll(sliceSlots, slot => _sliceIndexes[slot]),
            Slices = Array.ConvertAll(sliceSlots, slot => _slices[slot]!.ToState()),
        };
    }

    /// <summary>Rebuilds a series from <paramref name="state"/>.</summary>
    /// <param name="key">The canonical key of the state's tag set.</param>
    /// <param name="state">The stored series.</param>
    /// <param name="relativeAccuracy">α of the sketches.</param>
    /// <param name="maxSketchBuckets">The bucket bound per sign of each sketch.</param>
    /// <param name="restoreSlices">False to drop the stored sketches (they were built with another α).</param>
    /// <exception cref="InvalidDataException">The state is inconsistent.</exception>
    public static SeriesAggregator FromState(string key, SeriesState state, double relativeAccuracy, int maxSketchBuckets, bool restoreSlices)
    {
        if (state.Count < 1)
        {
            throw new InvalidDataException($"Stored series '{key}' has {state.Count} samples; a stored series has at least one.");
        }

        var tags = state.Tags ?? throw new InvalidDataException($"Stored series '{key}' has no tags map.");
        var series = new SeriesAggregator(key, tags, relativeAccuracy, maxSketchBuckets)
        {
            Last = state.Last,
            LastTimestampMs = state.LastTimestampMs,
            Count = state.Count,
            Sum = state.Sum,
            Min = state.Min,
            Max = state.Max,
        };

        var seconds = state.BucketSeconds ?? [];
        var counts = state.BucketCounts ?? [];
        var sums = state.BucketSums ?? [];
        if (counts.Length != seconds.Length || sums.Length != seconds.Length)
        {
            throw new InvalidDataException(
                $"Stored series '{key}' is inconsistent: {seconds.Length} bucket seconds, {counts.Length} counts, {sums.Length} sums.");
        }

        for (var i = 0; i < seconds.Length; i++)
        {
            if (counts[i] < 1)
            {
                throw new InvalidDataException($"Stored series '{key}' has a bucket with {counts[i]} samples.");
            }

            var slot = Slot(seconds[i], WindowSeconds);
            if (series._bucketSeconds[slot] < seconds[i])
            {
                series._bucketSeconds[slot] = seconds[i];
                series._bucketCounts[slot] = counts[i];
                series._bucketSums[slot] = sums[i];
                series._newestSecond = Math.Max(series._newestSecond, seconds[i]);
            }
        }

        var sliceIndexes = state.SliceIndexes ?? [];
        var slices = state.Slices ?? [];
        if (slices.Length != sliceIndexes.Length)
        {
            throw new InvalidDataException($"Stored series '{key}' is inconsistent: {sliceIndexes.Length} slice indexes, {slices.Length} slices.");
        }

        for (var i = 0; restoreSlices && i < sliceIndexes.Length; i++)
        {
            var slot = Slot(sliceIndexes[i], SliceCount);
            if (series._sliceIndexes[slot] < sliceIndexes[i])
            {
                series._sliceIndexes[slot] = sliceIndexes[i];
                series._slices[slot] = QuantileSketch.FromState(slices[i], relativeAccuracy, maxSketchBuckets);
                series._newestSlice = Math.Max(series._newestSlice, sliceIndexes[i]);
            }
        }

        // Readers of a reloaded metric start again from a snapshot of what was loaded.
        series.Publication.MarkLoaded();
        return series;
    }

    private void AddToBucket(long second, double value)
    {
        var slot = Slot(second, WindowSeconds);
        var held = _bucketSeconds[slot];
        if (held > second)
        {
            return;
        }

        if (held < second)
        {
            _bucketSeconds[slot] = second;
            _bucketCounts[slot] = 0;
            _bucketSums[slot] = 0;
            _newestSecond = Math.Max(_newestSecond, second);
        }

        _bucketCounts[slot]++;
        _bucketSums[slot] += value;
        _changedSlots[slot >> 6] |= 1UL << (slot & 63);
    }

    private void AddToSlice(long slice, double value)
    {
        var slot = Slot(slice, SliceCount);
        var held = _sliceIndexes[slot];
        if (held > slice)
        {
            return;
        }

        var sketch = _slices[slot] ??= new QuantileSketch(_relativeAccuracy, _maxSketchBuckets);
        if (held < slice)
        {
            // Reuse the evicted slice's arrays: a busy series recycles 30 sketches instead of allocating.
            sketch.Clear();
            _sliceIndexes[slot] = slice;
            _newestSlice = Math.Max(_newestSlice, slice);
        }

        sketch.Add(value);
    }

    private static int[] OccupiedSlots(long[] keys)
    {
        var slots = new List<int>();
        for (var slot = 0; slot < keys.Length; slot++)
        {
            if (keys[slot] != EmptySlot)
            {
                slots.Add(slot);
            }
        }

        // Ascending by second (or slice) so equal states serialise to equal bytes.
        slots.Sort((a, b) => keys[a].CompareTo(keys[b]));
        return [.. slots];
    }

    /// <summary>Integer division rounding towards negative infinity (seconds before 1970 floor like the others).</summary>
    public static long FloorDiv(long value, long divisor)
    {
        var quotient = Math.DivRem(value, divisor, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    private static long Earliest(long next, long afterSecond, long candidate)
        => candidate > afterSecond && candidate < next ? candidate : next;

    private static int Slot(long index, int length)
    {
        var slot = index % length;
        return (int)(slot < 0 ? slot + length : slot);
    }
}
