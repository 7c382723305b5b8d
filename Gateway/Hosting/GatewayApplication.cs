using LiveDash.Gateway.Auth;
using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Ingest;
using LiveDash.Gateway.Push;
using LiveDash.Gateway.Topics;
using LiveDash.Gateway.Transports;
using LiveDash.Gateway.Transports.LongPolling;
using LiveDash.Gateway.Transports.Sse;
using LiveDash.Gateway.Transports.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Hosting;

/// <summary>Builds the gateway: its runtime (a co-hosted silo or a cluster client), services and endpoints.</summary>
public static class GatewayApplication
{
    /// <summary>The HTTP bind when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise (CONTRACT.md).</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Builds the gateway application from command-line arguments and the usual configuration sources.</summary>
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--LiveDash:X:Y=value</c>).</param>
    /// <param name="configureRuntime">
    /// Replaces the configuration-driven runtime (<see cref="GatewayRuntime.AddConfigured"/>): tests pass one that
    /// makes the gateway a client of a <c>TestCluster</c>. It must register a silo or a cluster client.
    /// </param>
    /// <param name="configure">Last changes to the builder before it is built (tests: a fake clock, options).</param>
    /// <returns>The application, not started.</returns>
    /// <exception cref="InvalidOperationException">The configuration is invalid; the message says which setting and why.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configureRuntime = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        var connectionCap = ConnectionCapacity.Resolve(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentConnections = connectionCap);

        if (configureRuntime is null)
        {
            GatewayRuntime.AddConfigured(builder);
        }
        else
        {
            configureRuntime(builder);
        }

        AddServices(builder);
        configure?.Invoke(builder);

        var app = builder.Build();
        if (connectionCap is { } cap)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewayApplication).FullName!);
            HostingLog.ConnectionCap(logger, cap);
        }

        MapEndpoints(app);
        return app;
    }

    private static void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddGatewayAuth(builder.Configuration);
        builder.Services.AddGatewayPush();
        builder.Services.AddSingleton<PushAdmission>();
        builder.Services.AddGatewayIngest(builder.Configuration);
        builder.Services.AddGatewayTopics();
        builder.Services.AddGatewaySse();
        builder.Services.AddGatewayWebSockets();
        builder.Services.AddGatewayLongPolling();
        builder.Services.AddGatewayDiagnostics(builder.Configuration);
    }

    private static void MapEndpoints(WebApplication app)
    {
        // First: the UI's static files need no key and end their requests before any API middleware.
        app.MapDashboard();
        app.UseGatewayAuth();
        app.MapHealthEndpoints();
        app.MapTicketEndpoints();
        app.MapIngestEndpoints();
        app.MapTopicEndpoints();
        app.MapSseEndpoints();
        app.MapWebSocketEndpoints();
        app.MapLongPollingEndpoints();
    }
}
