using LiveDash.Gateway.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Gateway.Topics;

/// <summary>The topic list and snapshots.</summary>
public static class TopicEndpoints
{
    /// <summary>Registers the topic list and snapshot services.</summary>
    public static IServiceCollection AddGatewayTopics(this IServiceCollection services)
    {
        services.AddSingleton<TopicReadHandler>();
        services.AddGatewayOpenApi();
        return services;
    }

    /// <summary>Maps <c>GET /api/v1/topics</c> and <c>GET /api/v1/topics/{topic}</c>.</summary>
    public static IEndpointRouteBuilder MapTopicEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/topics", (HttpContext context, TopicReadHandler handler) => handler.ListAsync(context))
            .WithName("ListTopics")
            .WithTags("Topics")
            .WithSummary("List every topic ever written")
            .WithDescription("Sorted by topic; updatedAt is the last change in Unix milliseconds, refreshed at most every LiveDash:Grains:TopicDirectory:RefreshInterval (5 s).")
            .Produces<TopicListItemDocument[]>(StatusCodes.Status200OK, "application/json")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable);

        endpoints.MapGet("/api/v1/topics/{topic}", (HttpContext context, string topic, TopicReadHandler handler) => handler.GetAsync(context, topic))
            .WithName("GetTopicSnapshot")
            .WithTags("Topics")
            .WithSummary("Read a topic's snapshot")
            .WithDescription(
                "The same object an SSE snapshot carries, with a strong ETag (a hash of the body: the data moves with time even when seq does not); "
                + "If-None-Match gives 304. 400 when the path is not a topic (metric:<name> or board:<id>), 404 when the topic holds no data.")
            .Produces<TopicSnapshotDocument>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }
}
