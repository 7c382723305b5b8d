using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Transports.LongPolling;

/// <summary>Checks <see cref="LongPollingOptions"/> at start; a failure names the option and its value.</summary>
internal sealed class LongPollingOptionsValidator : IValidateOptions<LongPollingOptions>
{
    private const string Section = LongPollingOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, LongPollingOptions options)
    {
        var failures = new List<string>();
        if (options.HoldTimeout <= TimeSpan.Zero || options.HoldTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Section}:HoldTimeout must be positive and at most 10 minutes; it is {options.HoldTimeout}.");
        }

        if (options.MaxEventsPerResponse < 1)
        {
            failures.Add($"{Section}:MaxEventsPerResponse must be at least 1; it is {options.MaxEventsPerResponse}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
