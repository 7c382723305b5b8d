namespace LiveDash.Grains.Aggregation;

/// <summary>
/// Counts per integer bucket key, held densely over the contiguous key range in use, for one
/// sign of a <see cref="QuantileSketch"/>. At most <c>maxBuckets</c> keys are kept: when a new
/// key would widen the range beyond that, the lowest keys are folded into the lowest kept one.
/// </summary>
/// <remarks>
/// Dense storage suits the data: a series' values cluster, so the keys in use are mostly
/// contiguous, and an array indexed by key makes <see cref="Add"/> a subtraction and an
/// increment. The backing array grows with slack on both sides (amortised O(1) growth in
/// either direction) but never beyond <c>maxBuckets</c>: 8 bytes per bucket in use, plus slack.
/// </remarks>
internal sealed class BucketStore
{
    private const int MinCapacity = 16;

    private readonly int _maxBuckets;
    private long[] _counts = [];

    // Key held by _counts[0]; keys in use are [_minKey, _maxKey], empty when _minKey > _maxKey.
    private int _offset;
    private int _minKey = int.MaxValue;
    private int _maxKey = int.MinValue;

    public BucketStore(int maxBuckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBuckets, 1);
        _maxBuckets = maxBuckets;
    }

    /// <summary>Sum of all counts.</summary>
    public long TotalCount { get; private set; }

    /// <summary>Whether low keys were ever folded to respect the bucket bound (since creation or <see cref="Clear"/>).</summary>
    public bool HasCollapsed { get; private set; }

    /// <summary>The lowest key in use; meaningless when <see cref="TotalCount"/> is 0.</summary>
    public int MinKey => _minKey;

    /// <summary>The counts of keys <see cref="MinKey"/>, <see cref="MinKey"/> + 1, …; empty when nothing was added.</summary>
    public ReadOnlySpan<long> Counts
        => _minKey > _maxKey ? [] : _counts.AsSpan(_minKey - _offset, _maxKey - _minKey + 1);

    /// <summary>Adds <paramref name="count"/> occurrences of <paramref name="key"/>.</summary>
    public void Add(int key, long count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }

        // IndexFor may replace _counts, so it must run before the array is read.
        var index = IndexFor(key);
        _counts[index] += count;
        TotalCount += count;
    }

    /// <summary>Adds every count of <paramref name="other"/>; the bucket bound of this store applies.</summary>
    public void Merge(BucketStore other)
    {
        if (other.TotalCount == 0)
        {
            return;
        }

        // Values folded over there stay folded here: the accuracy caveat travels with them.
        HasCollapsed |= other.HasCollapsed;

        // Widening to the union first costs at most one reallocation and one fold.
        IndexFor(other._maxKey);
        IndexFor(other._minKey);
        var counts = other.Counts;
        for (var i = 0; i < counts.Length; i++)
        {
            Add(other._minKey + i, counts[i]);
        }
    }

    /// <summary>Empties the store, keeping its array for reuse.</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        _minKey = int.MaxValue;
        _maxKey = int.MinValue;
        TotalCount = 0;
        HasCollapsed = false;
    }

    private int IndexFor(int key)
    {
        if (_minKey > _maxKey)
        {
            SetRange(key, key);
            return key - _offset;
        }

        if (key >= _minKey && key <= _maxKey)
        {
            return key - _offset;
        }

        var newMin = Math.Min(key, _minKey);
        var newMax = Math.Max(key, _maxKey);
        if ((long)newMax - newMin + 1 > _maxBuckets)
        {
            newMin = newMax - _maxBuckets + 1;
            HasCollapsed = true;
        }

        SetRange(newMin, newMax);

        // A key below the kept range is counted in the lowest kept bucket.
        return Math.Max(key, newMin) - _offset;
    }

    private void SetRange(int newMin, int newMax)
    {
        var wasEmpty = _minKey > _maxKey;
        if (newMin < _offset || newMax >= _offset + _counts.Length)
        {
            var length = newMax - newMin + 1;
            // 50 % slack: geometric growth keeps resizes amortised O(1) while a series keeps 30
            // slices of sketches alive, so doubling would cost noticeably more memory.
            var capacity = Math.Min(_maxBuckets, Math.Max(MinCapacity, length + (length / 2)));
            var offset = newMin - ((capacity - length) / 2);
            var counts = new long[capacity];
            if (!wasEmpty)
            {
                for (var key = _minKey; key <= _maxKey; key++)
                {
                    counts[Math.Max(key, newMin) - offset] += _counts[key - _offset];
                }
            }

            _counts = counts;
            _offset = offset;
        }
        else if (!wasEmpty && newMin > _minKey)
        {
            long folded = 0;
            for (var key = _minKey; key < newMin && key <= _maxKey; key++)
            {
                folded += _counts[key - _offset];
                _counts[key - _offset] = 0;
            }

            _counts[newMin - _offset] += folded;
        }

        _minKey = newMin;
        _maxKey = newMax;
    }
}
