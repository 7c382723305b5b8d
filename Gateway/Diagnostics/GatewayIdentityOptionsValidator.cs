using LiveDash.Grains;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Diagnostics;

/// <summary>Checks <see cref="GatewayIdentityOptions"/> at start: the name must be usable as a tag value anywhere.</summary>
internal sealed class GatewayIdentityOptionsValidator : IValidateOptions<GatewayIdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayIdentityOptions options)
    {
        // Stricter than a tag value needs (printable text): the name also appears in log scopes and URLs.
        if (!string.IsNullOrEmpty(options.Name) && !TopicNames.IsValidName(options.Name))
        {
            return ValidateOptionsResult.Fail(
                $"{GatewayIdentityOptions.SectionName}:Name must be 1–{TopicNames.MaxLength} characters of {TopicNames.AllowedCharactersDescription}; it is '{options.Name}'.");
        }

        return ValidateOptionsResult.Success;
    }
}
