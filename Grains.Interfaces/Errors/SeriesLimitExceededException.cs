namespace LiveDash.Grains;

/// <summary>
/// A batch would give a metric more series (distinct tag sets) than
/// <see cref="MetricGrainOptions.MaxSeriesPerMetric"/> allows. Nothing of the batch was applied.
/// The usual cause is a tag with unbounded values (request ids, timestamps, user ids).
/// </summary>
public sealed class SeriesLimitExceededException : Exception
{
    /// <summary>The option that sets the limit, for messages and problem details.</summary>
    public const string OptionName = "MetricGrainOptions.MaxSeriesPerMetric";

    /// <summary>Creates the exception.</summary>
    /// <param name="metric">The metric name.</param>
    /// <param name="limit">The configured maximum number of series.</param>
    /// <param name="seriesCount">How many series the metric would have had after the batch.</param>
    /// <param name="itemIndex">The 0-based index of the first sample whose new tag set is over the limit.</param>
    public SeriesLimitExceededException(string metric, int limit, int seriesCount, int itemIndex)
        : base(
            $"Metric '{metric}' would have {seriesCount} series (distinct tag sets), over the limit of {limit} ({OptionName}); " +
            $"item {itemIndex} is the first sample over it. Drop tags with unbounded values (ids, timestamps) or raise {OptionName}.")
    {
        Metric = metric;
        Limit = limit;
        SeriesCount = seriesCount;
        ItemIndex = itemIndex;
    }

    /// <summary>The metric name.</summary>
    public string Metric { get; }

    /// <summary>The configured maximum number of series.</summary>
    public int Limit { get; }

    /// <summary>How many series the metric would have had after the batch.</summary>
    public int SeriesCount { get; }

    /// <summary>The 0-based index of the first sample whose new tag set is over the limit.</summary>
    public int ItemIndex { get; }
}
