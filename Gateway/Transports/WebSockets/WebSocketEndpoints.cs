using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>The WebSocket transport.</summary>
public static class WebSocketEndpoints
{
    /// <summary>Registers the WebSocket transport.</summary>
    public static IServiceCollection AddGatewayWebSockets(this IServiceCollection services) => services;

    /// <summary>Maps <c>GET /ws</c>.</summary>
    public static IEndpointRouteBuilder MapWebSocketEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
