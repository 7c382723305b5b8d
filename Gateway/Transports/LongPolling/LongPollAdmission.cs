using LiveDash.Gateway.Auth;
using Microsoft.AspNetCore.Http;

namespace LiveDash.Gateway.Transports.LongPolling;

/// <summary>Decides whether a <c>GET /api/v1/poll</c> request may wait for events: every check of the transport in one place.</summary>
internal sealed class LongPollAdmission(PushAdmission admission)
{
    /// <summary>Checks the request; the caller answers with <see cref="Admission.Problem"/> when refused.</summary>
    /// <param name="context">The poll request.</param>
    /// <returns>The admission; dispose it when the poll ends.</returns>
    public Admission Admit(HttpContext context) => admission.Admit(context, checkOrigin: false);
}
