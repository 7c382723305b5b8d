using LiveDash.Gateway.Auth;
using Microsoft.AspNetCore.Http;

namespace LiveDash.Gateway.Transports;

/// <summary>
/// Admission of a push connection (SSE, WebSocket, long poll), the same for every transport: origin
/// (WebSocket upgrades only), the per-address connection cap, then credentials (a view key or a
/// ticket). The admission holds the connection's cap lease and credential watch until it is disposed.
/// </summary>
/// <remarks>
/// The order spends nothing on a request that will be refused: the origin and the cap are checked
/// before the ticket is consumed, so a refused client can retry with the same ticket.
/// </remarks>
internal sealed class PushAdmission(RequestAuthorizer authorizer, ConnectionLimiter limiter, GrantLifetime lifetime, OriginPolicy origins)
{
    /// <summary>Admits or refuses <paramref name="context"/>; the caller answers a refusal with its problem and disposes an admission when the connection ends.</summary>
    /// <param name="context">The request.</param>
    /// <param name="checkOrigin">Whether the request's <c>Origin</c> must be allowed (WebSocket upgrades, which browsers send cross-origin without asking).</param>
    /// <returns>The admission.</returns>
    public Admission Admit(HttpContext context, bool checkOrigin)
    {
        if (checkOrigin && !origins.IsAllowed(context))
        {
            return Admission.Refused(origins.Refuse(context));
        }

        if (!limiter.TryAcquire(context.Connection.RemoteIpAddress, out var lease))
        {
            return Admission.Refused(limiter.Refuse(context));
        }

        var outcome = authorizer.Authorize(context, AccessScope.View, allowTicket: true);
        if (!outcome.Succeeded)
        {
            lease.Dispose();
            return Admission.Refused(outcome.Problem!);
        }

        var watch = lifetime.Watch(outcome.Grant!);
        var admission = Admission.Admitted(outcome.Grant!, watch.Expired);
        admission.Hold(watch);
        admission.Hold(lease);
        return admission;
    }
}
