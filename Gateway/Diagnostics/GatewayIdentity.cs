using System.Diagnostics;
using LiveDash.Grains;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Diagnostics;

/// <summary>
/// The gateway's name (<see cref="GatewayIdentityOptions.Name"/>, or a default built from the machine and the
/// HTTP port). Read it once the server has started: the default needs the bound port (<c>--urls</c> may say 0).
/// The first read fixes the name for the process's life.
/// </summary>
internal sealed class GatewayIdentity
{
    private readonly Lazy<string> _name;

    public GatewayIdentity(IOptions<GatewayIdentityOptions> options, IServer? server = null)
    {
        var configured = options.Value.Name;
        _name = new Lazy<string>(
            () => string.IsNullOrEmpty(configured) ? DefaultName(Environment.MachineName, FirstPort(server), Environment.ProcessId) : configured,
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The name, 1–128 characters of <c>[A-Za-z0-9._-]</c>.</summary>
    public string Name => _name.Value;

    /// <summary>
    /// <c>&lt;machine&gt;-&lt;port&gt;</c>, or <c>&lt;machine&gt;-&lt;pid&gt;</c> without a port; characters outside
    /// <c>[A-Za-z0-9._-]</c> become <c>-</c> and the machine part is shortened to keep the whole within 128.
    /// </summary>
    public static string DefaultName(string? machineName, int? port, int processId)
    {
        var suffix = "-" + (port ?? processId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var machine = string.IsNullOrEmpty(machineName) ? "gateway" : machineName;
        var length = Math.Min(machine.Length, TopicNames.MaxLength - suffix.Length);
        var name = string.Create(length + suffix.Length, (machine, suffix), static (span, state) =>
        {
            for (var i = 0; i < span.Length - state.suffix.Length; i++)
            {
                var c = state.machine[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-';
            }

            state.suffix.AsSpan().CopyTo(span[^state.suffix.Length..]);
        });
        Debug.Assert(TopicNames.IsValidName(name), "The default name must satisfy the naming rule.");
        return name;
    }

    /// <summary>The port of the first bound HTTP address that has one (not a Unix socket), or null.</summary>
    public static int? FirstPort(IEnumerable<string> addresses)
    {
        foreach (var address in addresses)
        {
            try
            {
                var binding = BindingAddress.Parse(address);
                if (!binding.IsUnixPipe && !binding.IsNamedPipe && binding.Port > 0)
                {
                    return binding.Port;
                }
            }
            catch (FormatException)
            {
                // Not a URL Kestrel would print; look at the next one.
            }
        }

        return null;
    }

    private static int? FirstPort(IServer? server)
        => server?.Features.Get<IServerAddressesFeature>() is { } feature ? FirstPort(feature.Addresses) : null;
}
