using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Transports.Sse;

/// <summary>The Server-Sent Events transport (CONTRACT.md, "Server-Sent Events").</summary>
public static class SseEndpoints
{
    /// <summary>The stream's path.</summary>
    public const string Path = "/api/v1/stream";

    /// <summary>Registers the SSE transport and its options (<see cref="SseOptions"/>, section <c>LiveDash:Gateway:Sse</c>).</summary>
    /// <param name="services">The gateway's services.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGatewaySse(this IServiceCollection services)
    {
        services.AddOptions<SseOptions>().BindConfiguration(SseOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SseOptions>, SseOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SseFrames(sp.GetRequiredService<IOptions<SseOptions>>().Value.RetryInterval));
        services.AddSingleton<SseAdmission>();
        services.AddSingleton<SseStreamHandler>();
        services.AddHostedService<SseStartup>();
        return services;
    }

    /// <summary>Maps <c>GET /api/v1/stream?topic=A&amp;topic=B[&amp;ticket=T]</c>.</summary>
    /// <param name="endpoints">The gateway's routes.</param>
    /// <returns><paramref name="endpoints"/>.</returns>
    public static IEndpointRouteBuilder MapSseEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, static (HttpContext context, SseStreamHandler handler) => handler.HandleAsync(context))
            .WithName("StreamEvents")
            .WithTags("Push")
            .WithSummary("Server-Sent Events stream of one or more topics.")
            .WithDescription(
                "Query: topic (repeated, at least one: metric:<name> or board:<id>), ticket (from POST /api/v1/tickets, for EventSource), "
                + "lastEventId or cursor (resume point when the Last-Event-ID header is absent). The stream starts with a retry line, then "
                + "a snapshot per topic (or, when resuming, exactly the missed updates), then updates; events carry an opaque id cursor. "
                + "': ping' comments keep it alive; a final 'disconnect' event says why the gateway ended it and whether to reconnect.")
            .Produces(StatusCodes.Status200OK, contentType: SseStreamHandler.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }
}
