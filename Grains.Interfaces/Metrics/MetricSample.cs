namespace LiveDash.Grains;

/// <summary>One measurement of a metric. The metric itself is the receiving grain's key.</summary>
/// <param name="Value">
/// The measured value: finite, with a magnitude of at most <see cref="MaxAbsoluteValue"/>.
/// </param>
/// <param name="TimestampMs">
/// When it was measured, Unix milliseconds. It places the sample in the per-second windows, so it
/// must lie within [now − <see cref="MetricGrainOptions.MaxPointAge"/>, now + <see cref="MetricGrainOptions.MaxFutureSkew"/>].
/// </param>
/// <param name="Tags">
/// The series this sample belongs to; an empty map for an untagged metric. Keys follow
/// <see cref="TopicNames"/>' character rule; values are printable text. See <see cref="MetricSampleValidator"/>.
/// </param>
public sealed record MetricSample(double Value, long TimestampMs, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>
    /// The largest accepted magnitude, 1e280. It keeps every aggregate finite: even 2^63 samples
    /// of this size sum to less than <see cref="double.MaxValue"/>, so sums and averages always
    /// serialise as JSON numbers (JSON has no Infinity).
    /// </summary>
    public const double MaxAbsoluteValue = 1e280;
}
