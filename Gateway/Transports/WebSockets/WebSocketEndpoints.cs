using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Http;
using LiveDash.Gateway.Push;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>The WebSocket transport: <c>GET /ws</c> (CONTRACT.md, "WebSocket").</summary>
public static class WebSocketEndpoints
{
    /// <summary>The transport's name in metrics and on <see cref="PushConnection.Transport"/>.</summary>
    public const string TransportName = "websocket";

    /// <summary>Registers the WebSocket transport and its options (<see cref="WebSocketTransportOptions.SectionName"/>).</summary>
    /// <param name="services">The gateway's services.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGatewayWebSockets(this IServiceCollection services)
    {
        services.AddOptions<WebSocketTransportOptions>().BindConfiguration(WebSocketTransportOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebSocketTransportOptions>, WebSocketTransportOptionsValidator>();
        services.AddSingleton<WebSocketAdmission>();
        services.AddSingleton<WebSocketRequestHandler>();
        services.AddHostedService<WebSocketOptionsLog>();
        return services;
    }

    /// <summary>Adds the WebSocket middleware and maps <c>GET /ws</c>.</summary>
    /// <param name="app">The gateway application.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static WebApplication MapWebSocketEndpoints(this WebApplication app)
    {
        // Keep-alive is set per connection from WebSocketTransportOptions (AcceptAsync below).
        app.UseWebSockets();
        app.MapGet("/ws", HandleAsync)
            .WithName("WebSocket")
            .WithTags("Push")
            .WithSummary("Live topic events over a WebSocket (JSON text messages).")
            .WithDescription(
                "Upgrade with ?ticket=T (a view ticket; an ingest ticket also allows commands) or an Authorization header. " +
                "Client messages: subscribe, unsubscribe, command, ping; server messages: event, ack, error, pong. " +
                "Close codes 4000-4499 mean reconnect and resume from the last cursor, 4500-4999 do not reconnect as is.")
            .Produces(StatusCodes.Status101SwitchingProtocols)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task HandleAsync(
        HttpContext context,
        WebSocketAdmission admission,
        TopicHub hub,
        WebSocketRequestHandler handler,
        IOptions<WebSocketTransportOptions> options,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger<WebSocketRequestHandler> logger)
    {
        using var admitted = admission.Admit(context);
        if (!admitted.Succeeded)
        {
            await admitted.Problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var settings = options.Value;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = settings.KeepAliveInterval,
            KeepAliveTimeout = settings.KeepAliveTimeout,
        }).ConfigureAwait(false);
        var connection = hub.Connect(TransportName);
        await using (connection.ConfigureAwait(false))
        {
            using var session = new WebSocketSession(socket, connection, admitted.Grant, handler, settings, metrics, time, logger);
            await session.RunAsync(admitted.CredentialsExpired).ConfigureAwait(false);
        }
    }
}
