using LiveDash.Runtime.Messaging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Hosting;

/// <summary>Validates <see cref="MessagingOptions"/> at start.</summary>
internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var failures = new[]
        {
            OptionsRange.Check($"{MessagingOptions.SectionName}:{nameof(options.ResponseTimeout)}", options.ResponseTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)),
            OptionsRange.Check($"{MessagingOptions.SectionName}:{nameof(options.DeadlineCheckInterval)}", options.DeadlineCheckInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10)),
        }.OfType<string>().ToArray();
        return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
