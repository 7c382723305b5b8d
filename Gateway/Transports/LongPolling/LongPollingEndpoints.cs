using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Gateway.Transports.LongPolling;

/// <summary>The long-polling transport.</summary>
public static class LongPollingEndpoints
{
    /// <summary>Registers the long-polling transport.</summary>
    public static IServiceCollection AddGatewayLongPolling(this IServiceCollection services) => services;

    /// <summary>Maps <c>GET /api/v1/poll</c>.</summary>
    public static IEndpointRouteBuilder MapLongPollingEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
