using Microsoft.Extensions.Options;

namespace LiveDash.Grains;

/// <summary>
/// Checks <see cref="ScoreboardGrainOptions"/>: register it with the options pattern and
/// <c>ValidateOnStart</c> so a bad value stops the silo at start, naming the option and the value.
/// </summary>
public sealed class ScoreboardGrainOptionsValidator : IValidateOptions<ScoreboardGrainOptions>
{
    /// <summary>Throws when <paramref name="options"/> is invalid.</summary>
    /// <param name="options">The options to check.</param>
    /// <exception cref="OptionsValidationException">At least one option is out of range; the message lists each with its value.</exception>
    public static void ThrowIfInvalid(ScoreboardGrainOptions options)
    {
        var result = new ScoreboardGrainOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ScoreboardGrainOptions), result.Failures);
        }
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ScoreboardGrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxEntries < 1)
        {
            failures.Add($"ScoreboardGrainOptions.MaxEntries is {options.MaxEntries}; it must be at least 1.");
        }

        if (options.MaxTitleLength < 0)
        {
            failures.Add($"ScoreboardGrainOptions.MaxTitleLength is {options.MaxTitleLength}; it must not be negative.");
        }

        if (options.BatchIdRetention <= TimeSpan.Zero)
        {
            failures.Add($"ScoreboardGrainOptions.BatchIdRetention is {options.BatchIdRetention}; it must be positive.");
        }

        if (options.MaxRememberedBatchIds < 1)
        {
            failures.Add($"ScoreboardGrainOptions.MaxRememberedBatchIds is {options.MaxRememberedBatchIds}; it must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
