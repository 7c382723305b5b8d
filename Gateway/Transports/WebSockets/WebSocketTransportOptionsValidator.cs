using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>Checks <see cref="WebSocketTransportOptions"/> at start; a failure names the option and its value.</summary>
internal sealed class WebSocketTransportOptionsValidator : IValidateOptions<WebSocketTransportOptions>
{
    private const string Section = WebSocketTransportOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, WebSocketTransportOptions options)
    {
        var failures = new List<string>();
        if (options.KeepAliveInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:KeepAliveInterval must be positive; it is {options.KeepAliveInterval}.");
        }

        if (options.KeepAliveTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:KeepAliveTimeout must be positive (a ping nobody answers must end the connection); it is {options.KeepAliveTimeout}.");
        }

        if (options.MaxIncomingMessageBytes is < 256 or > 16 * 1024 * 1024)
        {
            failures.Add($"{Section}:MaxIncomingMessageBytes must be between 256 and 16777216 (16 MiB); it is {options.MaxIncomingMessageBytes}.");
        }

        if (options.MaxPendingRequests < 1)
        {
            failures.Add($"{Section}:MaxPendingRequests must be at least 1; it is {options.MaxPendingRequests}.");
        }

        if (options.MaxPendingReplies < 1)
        {
            failures.Add($"{Section}:MaxPendingReplies must be at least 1; it is {options.MaxPendingReplies}.");
        }

        if (options.CloseTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:CloseTimeout must be positive; it is {options.CloseTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
