using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Gateway.Transports.Sse;

/// <summary>The Server-Sent Events transport.</summary>
public static class SseEndpoints
{
    /// <summary>Registers the SSE transport.</summary>
    public static IServiceCollection AddGatewaySse(this IServiceCollection services) => services;

    /// <summary>Maps <c>GET /api/v1/stream</c>.</summary>
    public static IEndpointRouteBuilder MapSseEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
