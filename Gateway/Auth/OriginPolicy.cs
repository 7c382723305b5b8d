using LiveDash.Gateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// Which browser origins may open WebSockets (CONTRACT.md: "cross-origin upgrades are refused unless the origin
/// is allowed"). Browsers do not apply CORS to WebSocket upgrades, so without this check any web page could open
/// one to the gateway (with an open loopback gateway, any page the developer visits).
/// </summary>
/// <remarks>
/// Allowed: no <c>Origin</c> header (not a browser); the request's own <c>scheme://host[:port]</c> (default ports
/// ignored, case-insensitive); an origin listed in <see cref="AuthOptions.AllowedOrigins"/> (<c>*</c>: any). Behind a
/// proxy that changes the scheme or port, list the public origin (or apply forwarded headers first). Thread-safe.
/// </remarks>
public sealed class OriginPolicy
{
    /// <summary>The <see cref="AuthOptions.AllowedOrigins"/> entry that allows every origin.</summary>
    public const string AnyOrigin = "*";

    private const string Option = AuthOptions.SectionName + ":" + nameof(AuthOptions.AllowedOrigins);
    private const int MaxEchoedOriginLength = 200;

    private readonly HashSet<string> _allowed;
    private readonly bool _anyOrigin;
    private readonly ILogger _logger;

    /// <summary>Reads <see cref="AuthOptions.AllowedOrigins"/>.</summary>
    public OriginPolicy(IOptions<AuthOptions> options, ILogger<OriginPolicy> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var origin in CommaList.Parse(options.Value.AllowedOrigins))
        {
            if (origin == AnyOrigin)
            {
                _anyOrigin = true;
            }
            else if (Normalize(origin) is { } normalized)
            {
                _allowed.Add(normalized);
            }
        }
    }

    /// <summary>Whether the request's origin may open a WebSocket.</summary>
    /// <param name="context">The upgrade request.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    public bool IsAllowed(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origins = context.Request.Headers.Origin;
        if (origins.Count == 0)
        {
            return true;
        }

        if (_anyOrigin)
        {
            return true;
        }

        if (origins.Count > 1 || Normalize(origins[0] ?? "") is not { } origin)
        {
            return false;
        }

        var request = context.Request;
        if (request.Host.HasValue && Normalize(request.Scheme + "://" + request.Host.Value) is { } own && string.Equals(own, origin, StringComparison.Ordinal))
        {
            return true;
        }

        return _allowed.Contains(origin);
    }

    /// <summary>The answer to a refused upgrade: <c>403</c> problem+json naming the origin and the setting to change.</summary>
    /// <param name="context">The upgrade request.</param>
    /// <returns>The problem to write before any upgrade.</returns>
    public IResult Refuse(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = context.Request.Headers[HeaderNames.Origin].ToString();
        if (origin.Length > MaxEchoedOriginLength)
        {
            origin = origin[..MaxEchoedOriginLength];
        }

        AuthLog.OriginRefused(_logger, origin, Option);
        return Problems.OriginNotAllowed(origin, Option);
    }

    /// <summary>
    /// <c>scheme://host[:port]</c> in lower case without a default port, or null when <paramref name="origin"/> is not
    /// an origin (a path, query, user info, or <c>null</c>, the origin of sandboxed and file pages).
    /// </summary>
    internal static string? Normalize(string origin)
    {
        if (!Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri)
            || string.IsNullOrEmpty(uri.Host)
            || uri.UserInfo.Length > 0
            || uri.AbsolutePath != "/"
            || uri.Query.Length > 0
            || uri.Fragment.Length > 0)
        {
            return null;
        }

        return uri.Scheme + "://" + uri.Authority;
    }
}
