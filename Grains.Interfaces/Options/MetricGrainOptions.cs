namespace LiveDash.Grains;

/// <summary>
/// Limits and accuracy of metric grains. Every buffer a metric grain keeps is bounded by one of
/// these; checked at start by <see cref="MetricGrainOptionsValidator"/>.
/// </summary>
public sealed class MetricGrainOptions
{
    /// <summary>
    /// Most series (distinct tag sets) one metric may hold. A batch that would exceed it is rejected
    /// whole with <see cref="SeriesLimitExceededException"/>. Each series keeps about 7 KB of
    /// one-second buckets plus 30 ten-second quantile sketches of 8 bytes per bucket in use: a few
    /// hundred bytes each for steady values, a few KB for values spanning orders of magnitude.
    /// Default: 100.
    /// </summary>
    public int MaxSeriesPerMetric { get; set; } = 100;

    /// <summary>Most tags on one sample. Default: 16.</summary>
    public int MaxTagsPerSeries { get; set; } = 16;

    /// <summary>Longest tag key, in characters (keys use <c>[A-Za-z0-9._-]</c>). Default: 128.</summary>
    public int MaxTagKeyLength { get; set; } = 128;

    /// <summary>Longest tag value, in characters. Default: 128.</summary>
    public int MaxTagValueLength { get; set; } = 128;

    /// <summary>
    /// Relative accuracy α of p50/p90/p99: a reported quantile is within α × its exact value.
    /// Smaller values cost more sketch buckets (about ln(max/min) / 2α per sign). Allowed: 0.0001–0.5.
    /// Default: 0.01 (1 %).
    /// </summary>
    public double QuantileRelativeAccuracy { get; set; } = 0.01;

    /// <summary>
    /// Most buckets one quantile sketch keeps per sign (positive and negative values each). When
    /// values span a wider range the buckets of smallest magnitude are merged, which loses accuracy
    /// only for those values. 1024 buckets at α = 0.01 cover nine orders of magnitude. Allowed: 8–65,536. Default: 1024.
    /// </summary>
    public int MaxQuantileSketchBuckets { get; set; } = 1024;

    /// <summary>How long an applied batch id is remembered to drop retries. Default: 10 minutes.</summary>
    public TimeSpan BatchIdRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Most batch ids remembered per metric; the oldest is forgotten first when exceeded, even
    /// within <see cref="BatchIdRetention"/>. Default: 4096.
    /// </summary>
    public int MaxRememberedBatchIds { get; set; } = 4096;

    /// <summary>How far ahead of the grain's clock a sample timestamp may be (producer clock skew). Default: 5 minutes.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far behind the grain's clock a sample timestamp may be. Older samples still count toward
    /// count/sum/min/max/last but not toward the 5-minute windows. Default: 24 hours.
    /// </summary>
    public TimeSpan MaxPointAge { get; set; } = TimeSpan.FromHours(24);
}
