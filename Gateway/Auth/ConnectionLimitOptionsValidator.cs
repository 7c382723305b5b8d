using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Auth;

/// <summary>Checks <see cref="ConnectionLimitOptions"/> at start; a failure names the option and its value.</summary>
internal sealed class ConnectionLimitOptionsValidator : IValidateOptions<ConnectionLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectionLimitOptions options)
        => options.MaxPerIp is >= 1 and <= 1_000_000
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{ConnectionLimitOptions.SectionName}:{nameof(ConnectionLimitOptions.MaxPerIp)} must be between 1 and 1000000; it is {options.MaxPerIp}.");
}
