using System.Globalization;
using LiveDash.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime;

/// <summary>Rejects <see cref="JournalOptions"/> that cannot work, naming the option (by its configuration path) and the value.</summary>
internal sealed class JournalOptionsValidator : IValidateOptions<JournalOptions>
{
    /// <summary>The largest allowed <see cref="JournalOptions.MaxTailEntries"/>.</summary>
    public const int MaxTailEntriesLimit = 1_000_000;

    /// <summary>The largest allowed <see cref="JournalOptions.MinTailBytes"/>.</summary>
    public const int MinTailBytesLimit = 1024 * 1024 * 1024;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, JournalOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every failure, if any.</summary>
    public static void ThrowIfInvalid(JournalOptions options)
    {
        var failures = Check(options);
        if (failures.Count != 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(JournalOptions), failures);
        }
    }

    private static List<string> Check(JournalOptions options)
    {
        const string Section = JournalOptions.SectionName;
        var ratio = options.TailToSnapshotSizeRatio;
        return new[]
        {
            OptionsRange.Check($"{Section}:{nameof(options.MaxTailEntries)}", options.MaxTailEntries, 1, MaxTailEntriesLimit),
            OptionsRange.Check($"{Section}:{nameof(options.MinTailBytes)}", options.MinTailBytes, 0, MinTailBytesLimit),
            ratio is >= 0.1 and <= 1000
                ? null
                : $"{Section}:{nameof(options.TailToSnapshotSizeRatio)} must be between 0.1 and 1000; it was {ratio.ToString(CultureInfo.InvariantCulture)}.",
        }.OfType<string>().ToList();
    }
}
