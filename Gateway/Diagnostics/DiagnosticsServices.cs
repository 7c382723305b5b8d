using LiveDash.Gateway.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Diagnostics;

/// <summary>Health endpoints, self-metrics and the startup log.</summary>
public static class DiagnosticsServices
{
    /// <summary>
    /// Registers readiness checks, the gateway's name, the self-metrics publisher
    /// (<see cref="SelfMetricsOptions"/>, <c>LiveDash:Gateway:SelfMetrics</c>) and the startup log.
    /// </summary>
    public static IServiceCollection AddGatewayDiagnostics(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddOptions<SelfMetricsOptions>().BindConfiguration(SelfMetricsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SelfMetricsOptions>, SelfMetricsOptionsValidator>();
        services.AddOptions<GatewayIdentityOptions>().BindConfiguration(GatewayIdentityOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayIdentityOptions>, GatewayIdentityOptionsValidator>();
        services.AddSingleton<GatewayIdentity>();
        services.AddSingleton<GatewayReadiness>();
        services.AddHostedService<GatewayStartupLog>();
        services.AddHostedService<SelfMetricsPublisher>();
        return services;
    }

    /// <summary>
    /// Maps <c>GET /healthz</c> (the process is up: always 200) and <c>GET /readyz</c> (200 with a
    /// <see cref="ReadinessReport"/> when the gateway can serve, else a 503 problem saying what is missing).
    /// Neither needs a key; both answer <c>Cache-Control: no-store</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok();
        });
        endpoints.MapGet("/readyz", Results<JsonHttpResult<ReadinessReport>, ProblemHttpResult> (GatewayReadiness readiness, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            var result = readiness.Check();
            return result.IsReady
                ? TypedResults.Json(new ReadinessReport("ready", result.Mode, result.Detail, result.ActiveSilos), DiagnosticsJsonContext.Default.ReadinessReport)
                : Problems.Unavailable(result.Detail);
        });
        return endpoints;
    }
}
