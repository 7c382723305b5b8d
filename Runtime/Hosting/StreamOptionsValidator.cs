using LiveDash.Runtime.Streaming;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Hosting;

/// <summary>Validates <see cref="StreamOptions"/> at start.</summary>
internal sealed class StreamOptionsValidator : IValidateOptions<StreamOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamOptions options)
    {
        const string Section = StreamOptions.SectionName;
        var failures = new[]
        {
            OptionsRange.Check($"{Section}:{nameof(options.ReplayBufferCount)}", options.ReplayBufferCount, 1, 1_000_000),
            OptionsRange.Check($"{Section}:{nameof(options.ReplayBufferAge)}", options.ReplayBufferAge, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            OptionsRange.Check($"{Section}:{nameof(options.LeaseDuration)}", options.LeaseDuration, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            OptionsRange.Check($"{Section}:{nameof(options.LeaseRenewalPeriod)}", options.LeaseRenewalPeriod, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            OptionsRange.Check($"{Section}:{nameof(options.MaxResubscribeBackoff)}", options.MaxResubscribeBackoff, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
            OptionsRange.Check($"{Section}:{nameof(options.MaxQueuedItemsPerSubscription)}", options.MaxQueuedItemsPerSubscription, 1, 1_000_000),
            OptionsRange.Check($"{Section}:{nameof(options.PublishInterval)}", options.PublishInterval, TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            options.LeaseDuration >= 3 * options.LeaseRenewalPeriod
                ? null
                : $"{Section}:{nameof(options.LeaseDuration)} ({options.LeaseDuration}) must be at least three {nameof(options.LeaseRenewalPeriod)}s ({options.LeaseRenewalPeriod}), so one late renewal does not end a subscription.",
        }.OfType<string>().ToArray();
        return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
