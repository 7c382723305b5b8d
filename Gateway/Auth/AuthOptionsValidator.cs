using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// Checks <see cref="AuthOptions"/> at start and on every reload. A failure names the option and its value,
/// except for keys and the ticket secret, which are named by position and never printed.
/// </summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    /// <summary>The longest key accepted (a longer one is a paste mistake, not a key).</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>The shortest <see cref="AuthOptions.TicketSecret"/> accepted.</summary>
    public const int MinTicketSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        CheckKeys(nameof(AuthOptions.IngestKeys), options.IngestKeys, failures);
        CheckKeys(nameof(AuthOptions.ViewKeys), options.ViewKeys, failures);
        CheckRange(nameof(AuthOptions.TicketLifetime), options.TicketLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), failures);
        CheckRange(nameof(AuthOptions.SessionLifetime), options.SessionLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30), failures);
        if (options.SessionLifetime < options.TicketLifetime)
        {
            failures.Add($"{AuthOptions.SectionName}:{nameof(AuthOptions.SessionLifetime)} ({options.SessionLifetime}) must be at least "
                + $"{AuthOptions.SectionName}:{nameof(AuthOptions.TicketLifetime)} ({options.TicketLifetime}): a session is counted from its ticket's issue.");
        }

        if (options.MaxRedeemedTickets is < 1 or > 10_000_000)
        {
            failures.Add($"{AuthOptions.SectionName}:{nameof(AuthOptions.MaxRedeemedTickets)} must be between 1 and 10000000; it is {options.MaxRedeemedTickets}.");
        }

        if (!string.IsNullOrEmpty(options.TicketSecret) && options.TicketSecret.Length < MinTicketSecretLength)
        {
            failures.Add($"{AuthOptions.SectionName}:{nameof(AuthOptions.TicketSecret)} must be at least {MinTicketSecretLength} characters "
                + $"(a long random value shared by every gateway); it has {options.TicketSecret.Length}.");
        }

        foreach (var origin in CommaList.Parse(options.AllowedOrigins))
        {
            if (origin != OriginPolicy.AnyOrigin && OriginPolicy.Normalize(origin) is null)
            {
                failures.Add($"{AuthOptions.SectionName}:{nameof(AuthOptions.AllowedOrigins)} entry '{origin}' is not an origin: "
                    + "write scheme://host[:port] with no path (e.g. https://dash.example.com), or * for any origin.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckKeys(string option, string? value, List<string> failures)
    {
        var keys = CommaList.Parse(value);
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (key.Length > MaxKeyLength)
            {
                failures.Add($"{AuthOptions.SectionName}:{option} entry {i + 1} is {key.Length} characters long; the limit is {MaxKeyLength}.");
            }
            else if (key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                // The key is not printed: a message that quotes it would put it in logs.
                failures.Add($"{AuthOptions.SectionName}:{option} entry {i + 1} contains whitespace or a control character, "
                    + "which an 'Authorization: Bearer' header cannot carry.");
            }
        }
    }

    private static void CheckRange(string option, TimeSpan value, TimeSpan min, TimeSpan max, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add($"{AuthOptions.SectionName}:{option} must be between {min} and {max}; it is {value}.");
        }
    }
}
