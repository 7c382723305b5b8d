namespace LiveDash.Grains.Aggregation;

/// <summary>
/// A mergeable quantile sketch with relative-error guarantees, in the style of DDSketch
/// (Masson, Rim and Lee, VLDB 2019).
/// </summary>
/// <remarks>
/// <para>A value x &gt; 0 falls in bucket i = ⌈log_γ x⌉, which covers (γ^(i−1), γ^i], with
/// γ = (1 + α) / (1 − α); negative values use a second store keyed by |x|, and values whose
/// magnitude is below <see cref="MinIndexableMagnitude"/> (about 2.3e-308) count as zero. A bucket is
/// reported as 2γ^i / (γ + 1), which is within α of every value the bucket covers; the result is
/// clamped to the observed minimum and maximum.</para>
/// <para><b>Guarantee.</b> For any q in [0, 1], <see cref="Quantile"/> returns x̃ with
/// |x̃ − x_q| ≤ α·|x_q|, where x_q is the exact lower-rank q-quantile (the element at index
/// ⌊q·(n − 1)⌋ of the sorted values), up to floating-point rounding in the logarithm (relative
/// 1e-12), as long as <see cref="HasCollapsed"/> is false.</para>
/// <para><b>Bounded memory.</b> Each sign keeps at most <c>maxBucketsPerSign</c> buckets. When a
/// value would widen a store beyond that, its buckets of smallest magnitude are merged into the
/// smallest kept one and <see cref="HasCollapsed"/> becomes true: quantiles that land in merged
/// buckets (small magnitudes, near zero) lose the guarantee, all others keep it. At α = 0.01,
/// 1024 buckets span nine orders of magnitude, so real series rarely collapse.</para>
/// <para>Merging two sketches with equal α gives exactly the sketch of the union of their values
/// (bucket counts add), which is what lets a series keep 10-second slices and combine them.</para>
/// </remarks>
internal sealed class QuantileSketch
{
    private const double SmallestNormal = 2.2250738585072014E-308;

    private readonly double _gamma;
    private readonly double _lnGamma;
    private readonly double _inverseLnGamma;
    private readonly BucketStore _positive;
    private readonly BucketStore _negative;
    private long _zeroCount;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private bool _collapsedBeforeRestore;

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="relativeAccuracy">α, in (0, 1).</param>
    /// <param name="maxBucketsPerSign">The bucket bound of each of the positive and negative stores.</param>
    public QuantileSketch(double relativeAccuracy, int maxBucketsPerSign)
    {
        if (!(relativeAccuracy > 0 && relativeAccuracy < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy, "The relative accuracy must be in (0, 1).");
        }

        RelativeAccuracy = relativeAccuracy;
        MaxBucketsPerSign = maxBucketsPerSign;
        _gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        _lnGamma = Math.Log(_gamma);
        _inverseLnGamma = 1 / _lnGamma;
        MinIndexableMagnitude = SmallestNormal * _gamma;
        _positive = new BucketStore(maxBucketsPerSign);
        _negative = new BucketStore(maxBucketsPerSign);
    }

    /// <summary>
    /// The smallest magnitude given its own bucket: the smallest normal double times γ. Below it
    /// the logarithm loses precision (subnormals) and values are counted as zero.
    /// </summary>
    public double MinIndexableMagnitude { get; }

    /// <summary>α: the relative accuracy of quantiles.</summary>
    public double RelativeAccuracy { get; }

    /// <summary>The bucket bound of each sign.</summary>
    public int MaxBucketsPerSign { get; }

    /// <summary>How many values were added (directly or by merging).</summary>
    public long Count => _negative.TotalCount + _zeroCount + _positive.TotalCount;

    /// <summary>Whether buckets were ever merged to respect the bound; while false the accuracy guarantee holds for every quantile.</summary>
    public bool HasCollapsed => _collapsedBeforeRestore || _positive.HasCollapsed || _negative.HasCollapsed;

    /// <summary>Adds one value.</summary>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A quantile sketch takes finite values only.");
        }

        if (value >= MinIndexableMagnitude)
        {
            _positive.Add(Key(value));
        }
        else if (value <= -MinIndexableMagnitude)
        {
            _negative.Add(Key(-value));
        }
        else
        {
            _zeroCount++;
        }

        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
    }

    /// <summary>Adds every value of <paramref name="other"/>, as if each had been added here.</summary>
    /// <param name="other">A sketch with the same <see cref="RelativeAccuracy"/>.</param>
    /// <exception cref="ArgumentException">The relative accuracies differ, so the buckets do not line up.</exception>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.RelativeAccuracy != RelativeAccuracy)
        {
            throw new ArgumentException(
                $"Cannot merge a sketch with relative accuracy {other.RelativeAccuracy} into one with {RelativeAccuracy}: their buckets differ.",
                nameof(other));
        }

        if (other.Count == 0)
        {
            return;
        }

        _positive.Merge(other._positive);
        _negative.Merge(other._negative);
        _zeroCount += other._zeroCount;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
        _collapsedBeforeRestore |= other._collapsedBeforeRestore;
    }

    /// <summary>Estimates the lower-rank <paramref name="q"/>-quantile (see the guarantee in the remarks).</summary>
    /// <param name="q">The quantile, in [0, 1]: 0.5 for the median, 0.99 for p99.</param>
    /// <returns>The estimate, or null when the sketch is empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 1].</exception>
    public double? Quantile(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile must be in [0, 1].");
        }

        var count = Count;
        if (count == 0)
        {
            return null;
        }

        var rank = (long)Math.Floor(q * (count - 1));

        // Walk buckets in value order: negatives from the largest magnitude, zero, then positives.
        long seen = 0;
        var negative = _negative.Counts;
        for (var i = negative.Length - 1; i >= 0; i--)
        {
            seen += negative[i];
            if (seen > rank)
            {
                return Clamp(-Representative(_negative.MinKey + i));
            }
        }

        seen += _zeroCount;
        if (seen > rank)
        {
            return Clamp(0);
        }

        var positive = _positive.Counts;
        for (var i = 0; i < positive.Length; i++)
        {
            seen += positive[i];
            if (seen > rank)
            {
                return Clamp(Representative(_positive.MinKey + i));
            }
        }

        // Unreachable: the counts sum to Count > rank.
        return _max;
    }

    /// <summary>Empties the sketch, keeping its arrays for reuse.</summary>
    public void Clear()
    {
        _positive.Clear();
        _negative.Clear();
        _zeroCount = 0;
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
        _collapsedBeforeRestore = false;
    }

    /// <summary>Captures the sketch for storage; the state shares nothing with the sketch.</summary>
    public QuantileSketchState ToState() => new()
    {
        ZeroCount = _zeroCount,

        // An empty sketch stores 0 rather than ±Infinity, which JSON cannot carry.
        Min = Count == 0 ? 0 : _min,
        Max = Count == 0 ? 0 : _max,
        Collapsed = HasCollapsed,
        PositiveMinKey = _positive.TotalCount == 0 ? 0 : _positive.MinKey,
        PositiveCounts = _positive.Counts.ToArray(),
        NegativeMinKey = _negative.TotalCount == 0 ? 0 : _negative.MinKey,
        NegativeCounts = _negative.Counts.ToArray(),
    };

    /// <summary>Rebuilds a sketch from <paramref name="state"/>, which must have been made with the same α.</summary>
    /// <exception cref="InvalidDataException">The state is inconsistent (a negative count, min above max).</exception>
    public static QuantileSketch FromState(QuantileSketchState state, double relativeAccuracy, int maxBucketsPerSign)
    {
        ArgumentNullException.ThrowIfNull(state);
        var sketch = new QuantileSketch(relativeAccuracy, maxBucketsPerSign);
        Restore(sketch._positive, state.PositiveMinKey, state.PositiveCounts);
        Restore(sketch._negative, state.NegativeMinKey, state.NegativeCounts);
        if (state.ZeroCount < 0)
        {
            throw new InvalidDataException($"Stored quantile sketch has a negative zero count ({state.ZeroCount}).");
        }

        sketch._zeroCount = state.ZeroCount;
        if (sketch.Count > 0)
        {
            if (!(state.Min <= state.Max))
            {
                throw new InvalidDataException($"Stored quantile sketch has min {state.Min} above max {state.Max}.");
            }

            sketch._min = state.Min;
            sketch._max = state.Max;
        }

        sketch._collapsedBeforeRestore = state.Collapsed;
        return sketch;
    }

    private static void Restore(BucketStore store, int minKey, long[]? counts)
    {
        if (counts is null)
        {
            return;
        }

        if ((long)minKey + counts.Length - 1 > int.MaxValue)
        {
            throw new InvalidDataException($"Stored quantile sketch has bucket keys beyond the 32-bit range (min key {minKey}, {counts.Length} buckets).");
        }

        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] < 0)
            {
                throw new InvalidDataException($"Stored quantile sketch has a negative bucket count ({counts[i]}).");
            }

            store.Add(minKey + i, counts[i]);
        }
    }

    private int Key(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) * _inverseLnGamma);

    private double Representative(int key) => 2 * Math.Exp(key * _lnGamma) / (_gamma + 1);

    private double Clamp(double estimate) => Math.Clamp(estimate, _min, _max);
}
