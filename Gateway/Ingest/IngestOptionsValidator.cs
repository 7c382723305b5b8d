using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Ingest;

/// <summary>Checks <see cref="IngestOptions"/> at start; a failure names the option and its value.</summary>
internal sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    /// <summary>The largest allowed <see cref="IngestOptions.MaxBodyBytes"/>: a body is read into one array.</summary>
    public const long MaxBodyBytesLimit = 1024L * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var failures = new List<string>();
        if (options.MaxBodyBytes is < 1 or > MaxBodyBytesLimit)
        {
            failures.Add($"{IngestOptions.SectionName}:MaxBodyBytes must be between 1 and {MaxBodyBytesLimit} (1 GiB); it is {options.MaxBodyBytes}.");
        }

        if (options.MaxPointsPerBatch < 1)
        {
            failures.Add($"{IngestOptions.SectionName}:MaxPointsPerBatch must be at least 1; it is {options.MaxPointsPerBatch}.");
        }

        if (options.RequestsPerSecondPerKey < 0)
        {
            failures.Add($"{IngestOptions.SectionName}:RequestsPerSecondPerKey must be 0 (off) or more; it is {options.RequestsPerSecondPerKey}.");
        }

        if (options.RequestsPerSecondPerKey > 0 && options.BurstRequestsPerKey < options.RequestsPerSecondPerKey)
        {
            failures.Add(
                $"{IngestOptions.SectionName}:BurstRequestsPerKey must be at least RequestsPerSecondPerKey ({options.RequestsPerSecondPerKey}) while the limit is on; it is {options.BurstRequestsPerKey}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
