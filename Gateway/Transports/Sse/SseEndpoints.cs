using LiveDash.Gateway.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

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
                "text/event-stream: a retry line, then a snapshot per topic (or, when resuming from a cursor, exactly the missed updates, "
                + "or a snapshot with \"recovered\":false when they are out of the replay window), then updates; reset when a topic's epoch "
                + "changed. Every event's id is an opaque cursor over all the stream's topics. ': ping' comments keep it alive; a final "
                + "'disconnect' event ({\"code\",\"reason\",\"reconnect\"}) says why the gateway ended it and whether to reconnect.")
            .Produces<string>(StatusCodes.Status200OK, SseStreamHandler.ContentType)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The handler reads the request itself (one admission for every check), so describe its inputs here.
                var text = new OpenApiSchema { Type = JsonSchemaType.String };
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = SseAdmission.TopicParameter,
                    In = ParameterLocation.Query,
                    Required = true,
                    Description = "A topic to follow, metric:<name> or board:<id>; repeat for several.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = text },
                    Explode = true,
                });
                operation.Parameters.Add(Optional("ticket", ParameterLocation.Query, "A single-use ticket from POST /api/v1/tickets, for clients that cannot send Authorization (EventSource).", text));
                operation.Parameters.Add(Optional(SseAdmission.LastEventIdHeader, ParameterLocation.Header, "The last id received: resume from there (browsers send it when they reconnect).", text));
                foreach (var name in SseAdmission.CursorParameters)
                {
                    operation.Parameters.Add(Optional(name, ParameterLocation.Query, "A cursor to resume from when Last-Event-ID is absent.", text));
                }

                return Task.CompletedTask;
            });
        return endpoints;
    }

    private static OpenApiParameter Optional(string name, ParameterLocation location, string description, OpenApiSchema schema)
        => new() { Name = name, In = location, Required = false, Description = description, Schema = schema };
}
