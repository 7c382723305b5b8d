using LiveDash.Runtime.Messaging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Hosting;

/// <summary>Validates <see cref="TransportOptions"/> at start.</summary>
internal sealed class TransportOptionsValidator : IValidateOptions<TransportOptions>
{
    public ValidateOptionsResult Validate(string? name, TransportOptions options)
    {
        const string Section = TransportOptions.SectionName;
        var failures = new[]
        {
            OptionsRange.Check($"{Section}:{nameof(options.SendQueueCapacity)}", options.SendQueueCapacity, 1, 1 << 20),
            OptionsRange.Check($"{Section}:{nameof(options.MaxFrameSize)}", options.MaxFrameSize, 1 << 10, 1 << 30),
            OptionsRange.Check($"{Section}:{nameof(options.ConnectTimeout)}", options.ConnectTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5)),
            OptionsRange.Check($"{Section}:{nameof(options.HandshakeTimeout)}", options.HandshakeTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5)),
            OptionsRange.Check($"{Section}:{nameof(options.ReconnectBackoff)}", options.ReconnectBackoff, TimeSpan.Zero, TimeSpan.FromMinutes(1)),
        }.OfType<string>().ToArray();
        return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
