using LiveDash.Gateway.Auth;
using LiveDash.Gateway.Http;
using Microsoft.AspNetCore.Http;

namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>
/// Decides, before the upgrade, whether a <c>GET /ws</c> request becomes a WebSocket: every check of the
/// transport in one place, each refusal a problem+json answer (a refused upgrade is a plain HTTP response).
/// </summary>
internal sealed class WebSocketAdmission(PushAdmission admission)
{
    /// <summary>Checks the request; the caller answers with <see cref="Admission.Problem"/> when refused.</summary>
    /// <param name="context">The upgrade request.</param>
    /// <returns>The admission; dispose it when the connection ends.</returns>
    public Admission Admit(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Admission.Refused(Problems.BadRequest(
                "GET /ws is a WebSocket endpoint: open it with a WebSocket client (Upgrade: websocket). For plain HTTP use GET /api/v1/stream (SSE) or GET /api/v1/poll."));
        }

        return admission.Admit(context, checkOrigin: true);
    }
}
