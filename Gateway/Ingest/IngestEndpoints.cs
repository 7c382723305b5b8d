using LiveDash.Gateway.Http;
using LiveDash.Grains;
using LiveDash.Grains.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Ingest;

/// <summary>The ingest API: <c>POST /api/v1/metrics</c> and <c>POST /api/v1/boards/{id}</c>.</summary>
public static class IngestEndpoints
{
    /// <summary>
    /// Registers the ingest parsers, limits (<c>LiveDash:Gateway:Ingest</c>) and rate limiter, the grain
    /// options the gateway validates with (bound from the silo's sections, so both sides agree) and the
    /// OpenAPI document.
    /// </summary>
    public static IServiceCollection AddGatewayIngest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        _ = configuration;
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>());

        // The same sections and validators as the silo's (LiveDashSiloBuilderExtensions.AddLiveDashGrains).
        // When a silo is co-hosted both bind the same section into the same options: the values are equal.
        services.AddOptions<MetricGrainOptions>().BindConfiguration(LiveDashSiloBuilderExtensions.MetricOptionsSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetricGrainOptions>, MetricGrainOptionsValidator>());
        services.AddOptions<ScoreboardGrainOptions>().BindConfiguration(LiveDashSiloBuilderExtensions.ScoreboardOptionsSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScoreboardGrainOptions>, ScoreboardGrainOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MetricIngestService>();
        services.AddSingleton<WriteRequestHandler>();
        services.AddHostedService<IngestStartupLog>();
        services.AddRateLimiter(options => options.AddPolicy<string, IngestRateLimiterPolicy>(IngestRateLimiterPolicy.PolicyName));
        services.AddGatewayOpenApi();
        return services;
    }

    /// <summary>Maps <c>POST /api/v1/metrics</c>, <c>POST /api/v1/boards/{id}</c> and the OpenAPI document, and adds the rate limiter.</summary>
    public static IEndpointRouteBuilder MapIngestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // The limiter middleware must run after routing (it reads the endpoint's policy); WebApplication
        // routes first. Another subsystem adding it too is harmless: each instance keeps its own buckets.
        if (endpoints is IApplicationBuilder app)
        {
            app.UseRateLimiter();
        }

        endpoints.MapPost("/api/v1/metrics", (HttpContext context, WriteRequestHandler handler) => handler.PostMetricsAsync(context))
            .RequireRateLimiting(IngestRateLimiterPolicy.PolicyName)
            .WithName("PostMetrics")
            .WithTags("Ingest")
            .WithSummary("Record a batch of metric points")
            .WithDescription(
                "application/json: {\"batchId\":\"optional\",\"points\":[{\"metric\":\"cpu.load\",\"value\":0.42,\"ts\":1764000000000,\"tags\":{\"host\":\"a\"}}]} "
                + "(ts = Unix ms, optional, defaults to now). text/plain: InfluxDB line protocol, 'cpu.load,host=a value=0.42 1764000000000000000' "
                + "(one field named value; timestamps in ns unless ?precision=us|ms|s; ?batchId= gives a batch id). "
                + "The batch is validated whole and applied all-or-nothing; 200 comes only after every point is durable. "
                + "A repeated batchId (within 10 minutes) answers 200 with duplicate=true and applies nothing.")
            .DocumentRequestBody(typeof(MetricBatchDocument), "InfluxDB line protocol: one point per line, 'measurement[,tag=value...] value=<number> [timestamp]'.")
            .Produces<IngestResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);

        endpoints.MapPost("/api/v1/boards/{id}", (HttpContext context, string id, WriteRequestHandler handler) => handler.PostBoardAsync(context, id))
            .RequireRateLimiting(IngestRateLimiterPolicy.PolicyName)
            .WithName("PostBoardCommand")
            .WithTags("Ingest")
            .WithSummary("Set or add board scores")
            .WithDescription(
                "{\"batchId\":\"optional\",\"title\":\"optional\",\"set\":{\"team-a\":3},\"add\":{\"team-b\":1}}: the title, then every set, then every add, "
                + "applied all-or-nothing and durable before the answer. Scores are 64-bit integers. The answer is the board snapshot, "
                + "the same object as GET /api/v1/topics/board:{id}. An invalid board id is 422.")
            .DocumentRequestBody(typeof(BoardCommandDocument))
            .Produces<Topics.TopicSnapshotDocument>(StatusCodes.Status200OK, "application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);

        endpoints.MapGatewayOpenApi();
        return endpoints;
    }
}
