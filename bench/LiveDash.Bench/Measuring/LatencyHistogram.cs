using System.Diagnostics;
using System.Numerics;

namespace LiveDash.Bench.Measuring;

/// <summary>
/// Log-linear histogram of <see cref="Stopwatch"/> tick counts, allocated once so recording costs no
/// allocation. Values below 64 ticks are exact; above, every power of two is split into 32 buckets,
/// so a reported percentile is within about 3 % of the true value. Not thread-safe: one per worker.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int ExactLimit = 64;
    private const int SubBucketBits = 5;
    private const int SubBucketCount = 1 << SubBucketBits;

    // Octaves 2^6 .. 2^62 (long.MaxValue's top bit) after the exact range.
    private readonly long[] _counts = new long[ExactLimit + ((63 - 6) * SubBucketCount)];

    public long Count { get; private set; }

    public void Record(long ticks)
    {
        _counts[IndexOf(Math.Max(ticks, 0))]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    /// <summary>The value, in microseconds, below which <paramref name="quantile"/> of the records fall; NaN when empty.</summary>
    public double PercentileMicroseconds(double quantile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return MidpointOf(i) * 1_000_000.0 / Stopwatch.Frequency;
            }
        }

        return double.NaN;
    }

    private static int IndexOf(long ticks)
    {
        if (ticks < ExactLimit)
        {
            return (int)ticks;
        }

        // The top bit picks the octave (>= 6); the next SubBucketBits bits pick the bucket inside it.
        var topBit = 63 - BitOperations.LeadingZeroCount((ulong)ticks);
        var shift = topBit - SubBucketBits;
        var subBucket = (int)(ticks >> shift) - SubBucketCount;
        return ExactLimit + ((topBit - 6) * SubBucketCount) + subBucket;
    }

    private static double MidpointOf(int index)
    {
        if (index < ExactLimit)
        {
            return index;
        }

        var octave = (index - ExactLimit) / SubBucketCount;
        var subBucket = (index - ExactLimit) % SubBucketCount;
        var shift = octave + 6 - SubBucketBits;
        var low = (long)(SubBucketCount + subBucket) << shift;
        return low + (((1L << shift) - 1) / 2.0);
    }
}
