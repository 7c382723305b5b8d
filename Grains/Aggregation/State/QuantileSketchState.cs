namespace LiveDash.Grains.Aggregation;

/// <summary>
/// The stored form of one quantile sketch: per sign, the lowest bucket key and the counts of
/// that key and the following ones (dense arrays, so a sketch of n buckets is n numbers).
/// The relative accuracy is stored once per metric in <see cref="MetricGrainState"/>.
/// </summary>
public sealed class QuantileSketchState
{
    /// <summary>Values counted as zero.</summary>
    public long ZeroCount { get; set; }

    /// <summary>The smallest value added; 0 when the sketch is empty.</summary>
    public double Min { get; set; }

    /// <summary>The largest value added; 0 when the sketch is empty.</summary>
    public double Max { get; set; }

    /// <summary>Whether buckets were merged to respect the bucket bound (the accuracy guarantee no longer covers small magnitudes).</summary>
    public bool Collapsed { get; set; }

    /// <summary>The bucket key of <see cref="PositiveCounts"/>[0].</summary>
    public int PositiveMinKey { get; set; }

    /// <summary>Counts of positive values per bucket key, from <see cref="PositiveMinKey"/> upwards.</summary>
    public long[] PositiveCounts { get; set; } = [];

    /// <summary>The bucket key (of the magnitude) of <see cref="NegativeCounts"/>[0].</summary>
    public int NegativeMinKey { get; set; }

    /// <summary>Counts of negative values per bucket key of their magnitude, from <see cref="NegativeMinKey"/> upwards.</summary>
    public long[] NegativeCounts { get; set; } = [];
}
