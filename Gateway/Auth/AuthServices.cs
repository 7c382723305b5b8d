using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Gateway.Auth;

/// <summary>Auth services and middleware.</summary>
public static class AuthServices
{
    /// <summary>Registers key and ticket checks, the open-mode bind check and the connection limits.</summary>
    public static IServiceCollection AddGatewayAuth(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddSingleton<RequestAuthorizer>();
        return services;
    }

    /// <summary>Adds the auth middleware (none yet).</summary>
    public static WebApplication UseGatewayAuth(this WebApplication app) => app;
}
