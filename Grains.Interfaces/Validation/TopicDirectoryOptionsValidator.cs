using Microsoft.Extensions.Options;

namespace LiveDash.Grains;

/// <summary>
/// Checks <see cref="TopicDirectoryOptions"/>: register it with the options pattern and
/// <c>ValidateOnStart</c> so a bad value stops the silo at start, naming the option and the value.
/// </summary>
public sealed class TopicDirectoryOptionsValidator : IValidateOptions<TopicDirectoryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TopicDirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxTopics < 1)
        {
            failures.Add($"TopicDirectoryOptions.MaxTopics is {options.MaxTopics}; it must be at least 1.");
        }

        if (options.RefreshInterval < TimeSpan.Zero)
        {
            failures.Add($"TopicDirectoryOptions.RefreshInterval is {options.RefreshInterval}; it must not be negative (0 refreshes on every change).");
        }

        if (options.PersistInterval <= TimeSpan.Zero)
        {
            failures.Add($"TopicDirectoryOptions.PersistInterval is {options.PersistInterval}; it must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
