using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace LiveDash.Gateway.Http;

/// <summary>
/// The gateway's OpenAPI document, served at <c>/openapi/v1.json</c>. It describes every mapped endpoint
/// from its metadata: each subsystem annotates its own (<c>WithSummary</c>, <c>WithDescription</c>,
/// <c>WithTags</c>, <c>Produces</c>, <c>ProducesProblem</c>) and appears without further wiring.
/// </summary>
public static class GatewayOpenApi
{
    /// <summary>The document name, and so its path: <c>/openapi/v1.json</c>.</summary>
    public const string DocumentName = "v1";

    /// <summary>The problem+json media type of every error answer.</summary>
    public const string ProblemContentType = "application/problem+json";

    /// <summary>Registers the document generator; safe to call more than once.</summary>
    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(Marker)))
        {
            return services;
        }

        services.AddSingleton<Marker>();
        services.AddOpenApi(DocumentName, options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "LiveDash gateway",
                Version = DocumentName,
                Description = "Ingest metrics and board commands, read topics and snapshots, and subscribe to live updates. "
                    + "Errors are application/problem+json (RFC 9457) with type, title, status, detail and, for batches, an errors array.",
            };
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Maps <c>GET /openapi/v1.json</c>.</summary>
    public static IEndpointRouteBuilder MapGatewayOpenApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi();
        return endpoints;
    }

    /// <summary>
    /// Describes a request body read by the endpoint itself. <c>Accepts&lt;T&gt;</c> would make routing
    /// answer other content types with a bare 415 before the endpoint runs; this only documents, so the
    /// endpoint keeps answering its own problem+json 415.
    /// </summary>
    /// <param name="builder">The endpoint.</param>
    /// <param name="jsonSchemaType">The type whose schema describes an <c>application/json</c> body.</param>
    /// <param name="plainTextDescription">When not null, <c>text/plain</c> is accepted too, as described.</param>
    /// <returns>The builder.</returns>
    public static TBuilder DocumentRequestBody<TBuilder>(this TBuilder builder, Type jsonSchemaType, string? plainTextDescription = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(jsonSchemaType, null, cancellationToken) },
            };
            if (plainTextDescription is not null)
            {
                content["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = plainTextDescription } };
            }

            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
        });
    }

    /// <summary>Documents every problem+json answer of an endpoint, one status after another.</summary>
    /// <param name="builder">The endpoint.</param>
    /// <param name="statusCodes">The statuses it may answer with a problem.</param>
    /// <returns>The builder.</returns>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var statusCode in statusCodes)
        {
            builder.ProducesProblem(statusCode, ProblemContentType);
        }

        return builder;
    }

    /// <summary>Marks the registration done.</summary>
    private sealed class Marker;
}
