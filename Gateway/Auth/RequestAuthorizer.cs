using System.Globalization;
using LiveDash.Gateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// Decides whether a request may do what it asks (CONTRACT.md, "Auth rule"): an
/// <c>Authorization: Bearer &lt;key&gt;</c> header, or for push endpoints a single-use ticket in the
/// <c>ticket</c> query parameter; open access when the scope's key list is empty and the gateway is
/// bound to loopback only.
/// </summary>
/// <remarks>
/// <para>A bearer header wins over a ticket (the ticket is then left unused). A key listed in both lists holds both scopes.</para>
/// <para>
/// Open access is served only to local requests: received on a loopback address and addressed to a loopback host
/// (<c>localhost</c>, 127.0.0.0/8, <c>[::1]</c>), so a web page that rebinds its own DNS name to 127.0.0.1 cannot use
/// it. On an open scope, credentials are optional: valid ones add their scopes and partition, invalid ones are ignored.
/// </para>
/// <para>Thread-safe; refusals set <c>WWW-Authenticate</c> (401, 403) or <c>Retry-After</c> (429) on the response.</para>
/// </remarks>
public sealed class RequestAuthorizer
{
    /// <summary>The query parameter that carries a ticket.</summary>
    public const string TicketParameter = "ticket";

    private const string Challenge = "Bearer realm=\"livedash\"";

    private readonly KeyRingProvider _keys;
    private readonly TicketService _tickets;

    internal RequestAuthorizer(KeyRingProvider keys, TicketService tickets)
    {
        _keys = keys;
        _tickets = tickets;
    }

    /// <summary>Checks the request's credentials for <paramref name="required"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="required">The scope the endpoint needs (<see cref="AccessScope.None"/>: any valid credentials).</param>
    /// <param name="allowTicket">Whether a <c>ticket</c> query parameter is accepted (push endpoints); a ticket is consumed by the check.</param>
    /// <returns>The grant, or a 401/403 problem (429 when ticket redemption is saturated).</returns>
    public AuthorizationOutcome Authorize(HttpContext context, AccessScope required, bool allowTicket)
        => AuthorizeWithKey(context, required, allowTicket, out _);

    /// <summary>As <see cref="Authorize(HttpContext, AccessScope, bool)"/>, also giving the key that was presented (null for open access).</summary>
    internal AuthorizationOutcome AuthorizeWithKey(HttpContext context, AccessScope required, bool allowTicket, out ApiKey? key)
    {
        ArgumentNullException.ThrowIfNull(context);
        key = null;
        var ring = _keys.Current;
        var local = IsLocal(context);
        var openIfLocal = _keys.OpenScopes(ring);
        var open = local ? openIfLocal : AccessScope.None;
        var openSuffices = open != AccessScope.None && (open & required) == required;

        switch (BearerToken.TryRead(context.Request.Headers.Authorization, out var token))
        {
            case BearerTokenStatus.Present:
                var match = ring.Match(token);
                if (match is null)
                {
                    return openSuffices ? OpenGrant(context, open) : Unauthorized(context, "The bearer key is not one of the configured keys.", invalidToken: true);
                }

                var scopes = match.Scopes | open;
                if ((scopes & required) != required)
                {
                    return Forbidden(context, required);
                }

                key = match;
                return Granted(new AccessGrant(scopes, match.FingerprintHex, ExpiresAt: null));
            case BearerTokenStatus.OtherScheme:
                return openSuffices ? OpenGrant(context, open)
                    : Unauthorized(context, "The Authorization header must use the Bearer scheme: 'Authorization: Bearer <key>'.", invalidToken: true);
            case BearerTokenStatus.Malformed:
                return openSuffices ? OpenGrant(context, open)
                    : Unauthorized(context, "The Authorization header holds no usable bearer token: send exactly one 'Authorization: Bearer <key>'.", invalidToken: true);
        }

        if (allowTicket && context.Request.Query.TryGetValue(TicketParameter, out var tickets) && tickets.Count > 0)
        {
            var outcome = RedeemTicket(context, tickets.Count == 1 ? tickets[0] : null, required, open, out key);
            return outcome.Succeeded || !openSuffices ? outcome : OpenGrant(context, open);
        }

        if (openSuffices)
        {
            return OpenGrant(context, open);
        }

        var detail = !local && openIfLocal != AccessScope.None && (openIfLocal & required) == required
            ? "No keys are configured for this scope, and open access is served only to requests addressed to a loopback host (localhost, 127.0.0.1, [::1])."
            : "This endpoint needs credentials: send 'Authorization: Bearer <key>' with a key listed in " + Setting(required)
                + (allowTicket ? ", or a ticket from POST /api/v1/tickets in the 'ticket' query parameter." : ".");
        return Unauthorized(context, detail, invalidToken: false);
    }

    private AuthorizationOutcome RedeemTicket(HttpContext context, string? ticket, AccessScope required, AccessScope open, out ApiKey? key)
    {
        key = null;
        if (string.IsNullOrEmpty(ticket))
        {
            return Unauthorized(context, "Send exactly one non-empty 'ticket' query parameter.", invalidToken: true);
        }

        var redemption = _tickets.Redeem(ticket, required, open);
        switch (redemption.Status)
        {
            case TicketRedemptionStatus.Granted:
                key = redemption.Issuer;
                return Granted(new AccessGrant(redemption.Scopes, redemption.Issuer?.FingerprintHex ?? RemotePartition(context), redemption.SessionExpiresAt));
            case TicketRedemptionStatus.Forbidden:
                return Forbidden(context, required);
            case TicketRedemptionStatus.Saturated:
                var seconds = Math.Max(1, (long)Math.Ceiling(redemption.RetryAfter.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new AuthorizationOutcome(null, Problems.TooManyRequests(
                    $"Too many tickets were redeemed on this gateway within their lifetime ({AuthOptions.SectionName}:{nameof(AuthOptions.MaxRedeemedTickets)}); retry in {seconds} s."));
            case TicketRedemptionStatus.Expired:
                return Unauthorized(context, "The ticket expired; get a new one from POST /api/v1/tickets just before connecting.", invalidToken: true);
            case TicketRedemptionStatus.AlreadyUsed:
                return Unauthorized(context, "The ticket was already used; tickets are single use: get a new one from POST /api/v1/tickets for every connection.", invalidToken: true);
            default:
                return Unauthorized(context, "The ticket is invalid (malformed, altered, or issued by a key that is no longer configured); get a new one from POST /api/v1/tickets.", invalidToken: true);
        }
    }

    /// <summary>
    /// Whether the request reached a loopback address and names a loopback host. TestServer and
    /// <see cref="DefaultHttpContext"/> have no local address and count as local.
    /// </summary>
    internal static bool IsLocal(HttpContext context)
    {
        var localAddress = context.Connection.LocalIpAddress;
        if (localAddress is not null && !BindAddresses.IsLoopback(localAddress))
        {
            return false;
        }

        var host = context.Request.Host;
        return !host.HasValue || BindAddresses.IsLoopbackHost(host.Host);
    }

    private static AuthorizationOutcome OpenGrant(HttpContext context, AccessScope open)
        => Granted(new AccessGrant(open, RemotePartition(context), ExpiresAt: null));

    private static string RemotePartition(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "local";

    private static AuthorizationOutcome Granted(AccessGrant grant) => new(grant, Problem: null);

    private static AuthorizationOutcome Unauthorized(HttpContext context, string detail, bool invalidToken)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = invalidToken ? Challenge + ", error=\"invalid_token\"" : Challenge;
        return new AuthorizationOutcome(null, Problems.Unauthorized(detail));
    }

    private static AuthorizationOutcome Forbidden(HttpContext context, AccessScope required)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = Challenge + ", error=\"insufficient_scope\"";
        return new AuthorizationOutcome(null, Problems.Forbidden(
            $"The credentials lack the '{ScopeName(required)}' scope this endpoint needs; use a key listed in {Setting(required)}."));
    }

    private static string ScopeName(AccessScope scope) => scope switch
    {
        AccessScope.Ingest => "ingest",
        AccessScope.View => "view",
        _ => "view and ingest",
    };

    private static string Setting(AccessScope scope) => scope switch
    {
        AccessScope.Ingest => AuthOptions.SectionName + ":" + nameof(AuthOptions.IngestKeys),
        AccessScope.View => AuthOptions.SectionName + ":" + nameof(AuthOptions.ViewKeys),
        AccessScope.None => AuthOptions.SectionName + ":" + nameof(AuthOptions.ViewKeys) + " or " + AuthOptions.SectionName + ":" + nameof(AuthOptions.IngestKeys),
        _ => AuthOptions.SectionName + ":" + nameof(AuthOptions.ViewKeys) + " and " + AuthOptions.SectionName + ":" + nameof(AuthOptions.IngestKeys),
    };
}
