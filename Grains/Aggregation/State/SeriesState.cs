namespace LiveDash.Grains.Aggregation;

/// <summary>
/// The stored form of one series: its totals, the occupied one-second buckets as three parallel
/// arrays (second, count, sum) and the occupied 10-second quantile slices as two parallel arrays
/// (slice index, sketch). Empty buckets and slices are not stored.
/// </summary>
public sealed class SeriesState
{
    /// <summary>The tag set.</summary>
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The value of the sample with the greatest timestamp.</summary>
    public double Last { get; set; }

    /// <summary>The timestamp of <see cref="Last"/>, Unix milliseconds.</summary>
    public long LastTimestampMs { get; set; }

    /// <summary>Samples since the series began.</summary>
    public long Count { get; set; }

    /// <summary>Sum of all values.</summary>
    public double Sum { get; set; }

    /// <summary>Smallest value.</summary>
    public double Min { get; set; }

    /// <summary>Largest value.</summary>
    public double Max { get; set; }

    /// <summary>Unix seconds of the occupied one-second buckets, ascending.</summary>
    public long[] BucketSeconds { get; set; } = [];

    /// <summary>Sample counts of the buckets, parallel to <see cref="BucketSeconds"/>.</summary>
    public long[] BucketCounts { get; set; } = [];

    /// <summary>Value sums of the buckets, parallel to <see cref="BucketSeconds"/>.</summary>
    public double[] BucketSums { get; set; } = [];

    /// <summary>Indexes (Unix seconds / 10) of the occupied quantile slices, ascending.</summary>
    public long[] SliceIndexes { get; set; } = [];

    /// <summary>The slices' sketches, parallel to <see cref="SliceIndexes"/>.</summary>
    public QuantileSketchState[] Slices { get; set; } = [];
}
