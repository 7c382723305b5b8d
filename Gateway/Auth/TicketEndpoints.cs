using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace LiveDash.Gateway.Auth;

/// <summary>The ticket endpoint.</summary>
public static class TicketEndpoints
{
    /// <summary>Maps <c>POST /api/v1/tickets</c>.</summary>
    public static IEndpointRouteBuilder MapTicketEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
