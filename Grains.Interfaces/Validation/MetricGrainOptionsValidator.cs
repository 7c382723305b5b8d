using Microsoft.Extensions.Options;

namespace LiveDash.Grains;

/// <summary>
/// Checks <see cref="MetricGrainOptions"/>: register it with the options pattern and
/// <c>ValidateOnStart</c> so a bad value stops the silo at start, naming the option and the value.
/// </summary>
public sealed class MetricGrainOptionsValidator : IValidateOptions<MetricGrainOptions>
{
    /// <summary>The smallest allowed <see cref="MetricGrainOptions.QuantileRelativeAccuracy"/>; finer accuracy costs buckets faster than a dashboard gains from it, and this bound keeps bucket indexes of extreme values far inside 32 bits.</summary>
    public const double MinQuantileRelativeAccuracy = 0.0001;

    /// <summary>The largest allowed <see cref="MetricGrainOptions.QuantileRelativeAccuracy"/>.</summary>
    public const double MaxQuantileRelativeAccuracy = 0.5;

    /// <summary>The smallest allowed <see cref="MetricGrainOptions.MaxQuantileSketchBuckets"/>.</summary>
    public const int MinQuantileSketchBuckets = 8;

    /// <summary>The largest allowed <see cref="MetricGrainOptions.MaxQuantileSketchBuckets"/>: it caps one sketch at 512 KB per sign.</summary>
    public const int MaxQuantileSketchBuckets = 65_536;

    /// <summary>Throws when <paramref name="options"/> is invalid.</summary>
    /// <param name="options">The options to check.</param>
    /// <exception cref="OptionsValidationException">At least one option is out of range; the message lists each with its value.</exception>
    public static void ThrowIfInvalid(MetricGrainOptions options)
    {
        var result = new MetricGrainOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MetricGrainOptions), result.Failures);
        }
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MetricGrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        AtLeast(failures, nameof(MetricGrainOptions.MaxSeriesPerMetric), options.MaxSeriesPerMetric, 1);
        AtLeast(failures, nameof(MetricGrainOptions.MaxTagsPerSeries), options.MaxTagsPerSeries, 0);
        AtLeast(failures, nameof(MetricGrainOptions.MaxTagKeyLength), options.MaxTagKeyLength, 1);
        AtLeast(failures, nameof(MetricGrainOptions.MaxTagValueLength), options.MaxTagValueLength, 1);
        AtLeast(failures, nameof(MetricGrainOptions.MaxQuantileSketchBuckets), options.MaxQuantileSketchBuckets, MinQuantileSketchBuckets);
        AtMost(failures, nameof(MetricGrainOptions.MaxQuantileSketchBuckets), options.MaxQuantileSketchBuckets, MaxQuantileSketchBuckets);
        AtLeast(failures, nameof(MetricGrainOptions.MaxRememberedBatchIds), options.MaxRememberedBatchIds, 1);

        // Written so that NaN fails too.
        if (!(options.QuantileRelativeAccuracy >= MinQuantileRelativeAccuracy && options.QuantileRelativeAccuracy <= MaxQuantileRelativeAccuracy))
        {
            failures.Add(
                $"MetricGrainOptions.QuantileRelativeAccuracy is {options.QuantileRelativeAccuracy}; it must be between {MinQuantileRelativeAccuracy} and {MaxQuantileRelativeAccuracy} (0.01 = 1 %).");
        }

        Positive(failures, nameof(MetricGrainOptions.BatchIdRetention), options.BatchIdRetention);
        Positive(failures, nameof(MetricGrainOptions.MaxPointAge), options.MaxPointAge);
        if (options.MaxFutureSkew < TimeSpan.Zero)
        {
            failures.Add($"MetricGrainOptions.MaxFutureSkew is {options.MaxFutureSkew}; it must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AtLeast(List<string> failures, string option, int value, int minimum)
    {
        if (value < minimum)
        {
            failures.Add($"MetricGrainOptions.{option} is {value}; it must be at least {minimum}.");
        }
    }

    private static void AtMost(List<string> failures, string option, int value, int maximum)
    {
        if (value > maximum)
        {
            failures.Add($"MetricGrainOptions.{option} is {value}; it must be at most {maximum}.");
        }
    }

    private static void Positive(List<string> failures, string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"MetricGrainOptions.{option} is {value}; it must be positive.");
        }
    }
}
