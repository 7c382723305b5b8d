using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Transports.Sse;

/// <summary>Checks <see cref="SseOptions"/> at start; a failure names the option, its value and the range.</summary>
internal sealed class SseOptionsValidator : IValidateOptions<SseOptions>
{
    private static readonly TimeSpan s_maxRetryInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan s_minPingInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan s_maxPingInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan s_minDisconnectFlushTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan s_maxDisconnectFlushTimeout = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, SseOptions options)
    {
        var failures = new List<string>();
        if (options.RetryInterval < TimeSpan.Zero || options.RetryInterval > s_maxRetryInterval)
        {
            failures.Add($"{SseOptions.SectionName}:RetryInterval must be between 0 and {s_maxRetryInterval}; it is {options.RetryInterval}.");
        }

        if (options.PingInterval < s_minPingInterval || options.PingInterval > s_maxPingInterval)
        {
            failures.Add($"{SseOptions.SectionName}:PingInterval must be between {s_minPingInterval} and {s_maxPingInterval}; it is {options.PingInterval}.");
        }

        if (options.MaxBytesPerFlush is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add($"{SseOptions.SectionName}:MaxBytesPerFlush must be between 1024 and 16777216 bytes; it is {options.MaxBytesPerFlush}.");
        }

        if (options.DisconnectFlushTimeout < s_minDisconnectFlushTimeout || options.DisconnectFlushTimeout > s_maxDisconnectFlushTimeout)
        {
            failures.Add($"{SseOptions.SectionName}:DisconnectFlushTimeout must be between {s_minDisconnectFlushTimeout} and {s_maxDisconnectFlushTimeout}; it is {options.DisconnectFlushTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
