using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Push;

/// <summary>Checks <see cref="PushOptions"/> at start; a failure names the option and its value.</summary>
internal sealed class PushOptionsValidator : IValidateOptions<PushOptions>
{
    public ValidateOptionsResult Validate(string? name, PushOptions options)
    {
        var failures = new List<string>();
        if (options.ReplayBufferCount < 0)
        {
            failures.Add($"{PushOptions.SectionName}:ReplayBufferCount must be 0 or more; it is {options.ReplayBufferCount}.");
        }

        if (options.ReplayBufferAge < TimeSpan.Zero)
        {
            failures.Add($"{PushOptions.SectionName}:ReplayBufferAge must not be negative; it is {options.ReplayBufferAge}.");
        }

        if (options.CoalesceAfterQueuedBytes < 1)
        {
            failures.Add($"{PushOptions.SectionName}:CoalesceAfterQueuedBytes must be at least 1; it is {options.CoalesceAfterQueuedBytes}.");
        }

        if (options.MaxLag <= TimeSpan.Zero)
        {
            failures.Add($"{PushOptions.SectionName}:MaxLag must be positive; it is {options.MaxLag}.");
        }

        if (options.MaxTopicsPerConnection < 1)
        {
            failures.Add($"{PushOptions.SectionName}:MaxTopicsPerConnection must be at least 1; it is {options.MaxTopicsPerConnection}.");
        }

        if (options.TopicIdleTimeout < TimeSpan.Zero)
        {
            failures.Add($"{PushOptions.SectionName}:TopicIdleTimeout must not be negative; it is {options.TopicIdleTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
