using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// Which HTTP binds are loopback-only, for the open-mode rule (CONTRACT.md, "Auth rule"). Host names are judged
/// the way Kestrel binds them: <c>localhost</c> binds 127.0.0.1 and ::1; an IP literal binds that address; anything
/// else (<c>*</c>, <c>+</c>, a host name) binds every interface.
/// </summary>
internal static class BindAddresses
{
    /// <summary>The configuration key of Kestrel's endpoint list (each endpoint's <c>Url</c> overrides <c>urls</c>).</summary>
    public const string KestrelEndpointsKey = "Kestrel:Endpoints";

    /// <summary>Whether <paramref name="host"/> (a bind or request host, with or without IPv6 brackets) is loopback only.</summary>
    public static bool IsLoopbackHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var literal = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        return IPAddress.TryParse(literal, out var address) && IsLoopback(address);
    }

    /// <summary>Whether <paramref name="address"/> is 127.0.0.0/8 or ::1 (IPv4-mapped forms included).</summary>
    public static bool IsLoopback(IPAddress address)
        => IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>
    /// Whether a bind (<c>http://127.0.0.1:5080</c>, or a bare host) listens on loopback only. Unix sockets and
    /// named pipes count as loopback: only processes on this machine reach them.
    /// </summary>
    public static bool IsLoopbackUrl(string url)
    {
        var trimmed = url.Trim();
        if (!trimmed.Contains("://", StringComparison.Ordinal))
        {
            return IsLoopbackHost(trimmed);
        }

        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(trimmed);
        }
        catch (FormatException)
        {
            return false;
        }

        return address.IsUnixPipe || address.IsNamedPipe || IsLoopbackHost(address.Host);
    }

    /// <summary>The binds the configuration asks for, each with the setting it came from.</summary>
    public static IReadOnlyList<ConfiguredBind> Configured(IConfiguration configuration)
    {
        var binds = new List<ConfiguredBind>();
        foreach (var url in (configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            binds.Add(new ConfiguredBind(url, WebHostDefaults.ServerUrlsKey));
        }

        foreach (var endpoint in configuration.GetSection(KestrelEndpointsKey).GetChildren())
        {
            var url = endpoint["Url"];
            if (!string.IsNullOrWhiteSpace(url))
            {
                binds.Add(new ConfiguredBind(url.Trim(), endpoint.Path + ":Url"));
            }
        }

        return binds;
    }
}
