using System.Net;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Cluster;

/// <summary>Validates <see cref="SiloEndpointOptions"/> at start.</summary>
internal sealed class SiloEndpointOptionsValidator : IValidateOptions<SiloEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloEndpointOptions options)
    {
        const string Section = SiloEndpointOptions.SectionName;
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"{Section}:Port must be between 0 and 65535 (0 picks a free port); it was {options.Port}.");
        }

        if (!IPAddress.TryParse(options.ListenAddress, out var listen))
        {
            failures.Add($"{Section}:ListenAddress must be an IP address; it was '{options.ListenAddress}'.");
        }
        else if ((listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any)) && string.IsNullOrWhiteSpace(options.AdvertisedAddress))
        {
            failures.Add($"{Section}:ListenAddress is {listen}, which peers cannot dial: set {Section}:AdvertisedAddress to this machine's address.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
