namespace LiveDash.Grains;

/// <summary>
/// The rules one <see cref="MetricSample"/> must meet, shared by the metric grain and by gateways
/// that validate a whole request before splitting it per grain (so a bad point applies nothing
/// anywhere). The series limit is not checked here: it depends on the grain's state.
/// </summary>
/// <remarks>
/// Tag keys use the <see cref="TopicNames"/> character set so they are safe in any query syntax.
/// Tag values may be any text except control characters and unpaired UTF-16 surrogates, which
/// could not be encoded as UTF-8 on the wire; an empty value is rejected because "no tag" is
/// spelled by leaving the key out.
/// </remarks>
public static class MetricSampleValidator
{
    private const int PreviewLength = 64;

    /// <summary>Throws when <paramref name="sample"/> breaks a rule.</summary>
    /// <param name="sample">The sample to check.</param>
    /// <param name="itemIndex">Its index in the batch, reported in the exception.</param>
    /// <param name="nowMs">The receiver's clock, Unix milliseconds.</param>
    /// <param name="options">The limits in force.</param>
    /// <exception cref="InvalidGrainInputException">The sample is invalid; <see cref="InvalidGrainInputException.ItemIndex"/> is <paramref name="itemIndex"/>.</exception>
    public static void Validate(MetricSample? sample, int itemIndex, long nowMs, MetricGrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (sample is null)
        {
            throw new InvalidGrainInputException("the sample is null; send an object with a value, a timestamp and tags", itemIndex);
        }

        ValidateValue(sample.Value, itemIndex);
        ValidateTimestamp(sample.TimestampMs, itemIndex, nowMs, options);
        ValidateTags(sample.Tags, itemIndex, options);
    }

    private static void ValidateValue(double value, int itemIndex)
    {
        if (!double.IsFinite(value))
        {
            throw new InvalidGrainInputException($"value {value} is not a finite number; send a finite number", itemIndex);
        }

        if (Math.Abs(value) > MetricSample.MaxAbsoluteValue)
        {
            throw new InvalidGrainInputException(
                $"value {value:R} has a magnitude over {MetricSample.MaxAbsoluteValue:R}, the largest accepted; send it in a larger unit",
                itemIndex);
        }
    }

    private static void ValidateTimestamp(long timestampMs, int itemIndex, long nowMs, MetricGrainOptions options)
    {
        // Saturating: the bounds must not wrap for extreme clocks or options.
        var oldestMs = SaturatingAdd(nowMs, -(long)options.MaxPointAge.TotalMilliseconds);
        var newestMs = SaturatingAdd(nowMs, (long)options.MaxFutureSkew.TotalMilliseconds);
        if (timestampMs < oldestMs)
        {
            throw new InvalidGrainInputException(
                $"timestamp {timestampMs} is {FormatDuration(nowMs, timestampMs)} before the receiver's clock ({nowMs}), " +
                $"older than MetricGrainOptions.MaxPointAge ({options.MaxPointAge}); timestamps are Unix milliseconds, send recent samples or raise the option",
                itemIndex);
        }

        if (timestampMs > newestMs)
        {
            throw new InvalidGrainInputException(
                $"timestamp {timestampMs} is {FormatDuration(timestampMs, nowMs)} after the receiver's clock ({nowMs}), " +
                $"beyond MetricGrainOptions.MaxFutureSkew ({options.MaxFutureSkew}); timestamps are Unix milliseconds, check the producer's clock",
                itemIndex);
        }
    }

    private static void ValidateTags(IReadOnlyDictionary<string, string>? tags, int itemIndex, MetricGrainOptions options)
    {
        if (tags is null)
        {
            throw new InvalidGrainInputException("tags are missing; send an empty map for an untagged sample", itemIndex);
        }

        if (tags.Count > options.MaxTagsPerSeries)
        {
            throw new InvalidGrainInputException(
                $"{tags.Count} tags exceed the limit of {options.MaxTagsPerSeries} (MetricGrainOptions.MaxTagsPerSeries); send fewer tags",
                itemIndex);
        }

        foreach (var (key, value) in tags)
        {
            ValidateTagKey(key, itemIndex, options);
            ValidateTagValue(key, value, itemIndex, options);
        }
    }

    private static void ValidateTagKey(string key, int itemIndex, MetricGrainOptions options)
    {
        if (key.Length == 0)
        {
            throw new InvalidGrainInputException("a tag key is empty; tag keys need 1 or more characters", itemIndex);
        }

        if (key.Length > options.MaxTagKeyLength)
        {
            throw new InvalidGrainInputException(
                $"tag key '{Preview(key)}' has {key.Length} characters, over the limit of {options.MaxTagKeyLength} (MetricGrainOptions.MaxTagKeyLength); shorten it",
                itemIndex);
        }

        if (!TopicNames.ContainsOnlyNameCharacters(key))
        {
            throw new InvalidGrainInputException(
                $"tag key '{Preview(key)}' has a character outside {TopicNames.AllowedCharactersDescription}; rename it",
                itemIndex);
        }
    }

    private static void ValidateTagValue(string key, string? value, int itemIndex, MetricGrainOptions options)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidGrainInputException($"tag '{key}' has an empty value; leave the tag out instead", itemIndex);
        }

        if (value.Length > options.MaxTagValueLength)
        {
            throw new InvalidGrainInputException(
                $"tag '{key}' has a value of {value.Length} characters, over the limit of {options.MaxTagValueLength} (MetricGrainOptions.MaxTagValueLength); shorten it",
                itemIndex);
        }

        if (!PrintableText.IsPrintable(value))
        {
            throw new InvalidGrainInputException(
                $"tag '{key}' has a value with a control character or an unpaired surrogate; send printable text",
                itemIndex);
        }
    }

    private static long SaturatingAdd(long value, long delta)
    {
        var sum = value + delta;

        // Overflow happened when both operands have the same sign and the result's sign differs.
        return ((value ^ sum) & (delta ^ sum)) < 0 ? (delta > 0 ? long.MaxValue : long.MinValue) : sum;
    }

    private static string FormatDuration(long laterMs, long earlierMs)
    {
        var difference = (decimal)laterMs - earlierMs;
        return difference <= (decimal)TimeSpan.MaxValue.TotalMilliseconds
            ? TimeSpan.FromMilliseconds((double)difference).ToString()
            : difference + " ms";
    }

    private static string Preview(string text)
        => text.Length <= PreviewLength ? text : string.Concat(text.AsSpan(0, PreviewLength), "…");
}
