using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Diagnostics;

/// <summary>Checks <see cref="SelfMetricsOptions"/> at start; a failure names the option and its value.</summary>
internal sealed class SelfMetricsOptionsValidator : IValidateOptions<SelfMetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, SelfMetricsOptions options)
    {
        if (options.Interval < SelfMetricsOptions.MinInterval || options.Interval > SelfMetricsOptions.MaxInterval)
        {
            return ValidateOptionsResult.Fail(
                $"{SelfMetricsOptions.SectionName}:Interval must be from {SelfMetricsOptions.MinInterval} to {SelfMetricsOptions.MaxInterval}; it is {options.Interval}.");
        }

        return ValidateOptionsResult.Success;
    }
}
