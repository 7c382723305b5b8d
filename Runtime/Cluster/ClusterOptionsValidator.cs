using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Cluster;

/// <summary>Validates <see cref="ClusterOptions"/> at start.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var id = options.ClusterId;
        if (string.IsNullOrEmpty(id) || id.Length > 128 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return ValidateOptionsResult.Fail(
                $"{ClusterOptions.SectionName}:ClusterId must be 1–128 characters of [A-Za-z0-9._-]; it was '{id}'.");
        }

        return ValidateOptionsResult.Success;
    }
}
