using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LiveDash.Gateway.Http;

/// <summary>
/// Every error answer of the HTTP API, built in one place: <c>application/problem+json</c>
/// (RFC 9457) with <c>type</c>, <c>title</c>, <c>status</c> and <c>detail</c>, and for batch errors an
/// <c>errors</c> array of <see cref="ItemError"/> (CONTRACT.md, "HTTP API").
/// </summary>
/// <remarks>
/// The <c>type</c> of each problem is a stable URN (<c>urn:livedash:problem:&lt;slug&gt;</c>) that
/// clients may switch on; titles are fixed per type, details vary.
/// </remarks>
public static class Problems
{
    /// <summary>The prefix of every problem <c>type</c>.</summary>
    public const string TypePrefix = "urn:livedash:problem:";

    /// <summary>400: the request is malformed in a way no more specific status covers.</summary>
    public static ProblemHttpResult BadRequest(string detail, IReadOnlyList<ItemError>? errors = null)
        => Create(StatusCodes.Status400BadRequest, "bad-request", "The request is malformed.", detail, errors);

    /// <summary>401: no key or ticket, or one the gateway does not know.</summary>
    public static ProblemHttpResult Unauthorized(string detail)
        => Create(StatusCodes.Status401Unauthorized, "unauthorized", "Missing or invalid credentials.", detail);

    /// <summary>403: the credentials are valid but lack the scope the endpoint needs.</summary>
    public static ProblemHttpResult Forbidden(string detail)
        => Create(StatusCodes.Status403Forbidden, "forbidden", "The credentials lack the required scope.", detail);

    /// <summary>403: a WebSocket upgrade from a browser origin that may not open WebSockets here.</summary>
    public static ProblemHttpResult OriginNotAllowed(string origin, string option)
        => Create(StatusCodes.Status403Forbidden, "origin-not-allowed", "The origin may not open WebSockets here.",
            $"The origin '{origin}' is neither the gateway's own nor listed in {option}.");

    /// <summary>404: the topic does not exist (nothing was ever written to it).</summary>
    public static ProblemHttpResult TopicNotFound(string topic)
        => Create(StatusCodes.Status404NotFound, "unknown-topic", "Unknown topic.", $"The topic '{topic}' does not exist: nothing has been written to it.");

    /// <summary>413: the body is longer than the limit.</summary>
    public static ProblemHttpResult PayloadTooLarge(long limitBytes, string option)
        => Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request body is too large.",
            $"The body exceeds the limit of {limitBytes} bytes ({option}); split the batch.");

    /// <summary>415: the content type is not one the endpoint reads.</summary>
    public static ProblemHttpResult UnsupportedMediaType(string? contentType, string accepted)
        => Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported content type.",
            $"Content type '{contentType ?? "(none)"}' is not accepted here; send {accepted}.");

    /// <summary>422: well-formed, but values are invalid (NaN, a bad name, a timestamp out of range).</summary>
    public static ProblemHttpResult Unprocessable(string detail, IReadOnlyList<ItemError>? errors = null)
        => Create(StatusCodes.Status422UnprocessableEntity, "invalid-values", "The request holds invalid values.", detail, errors);

    /// <summary>429: rate limited or over a connection cap; <c>Retry-After</c> is set by the caller.</summary>
    public static ProblemHttpResult TooManyRequests(string detail)
        => Create(StatusCodes.Status429TooManyRequests, "too-many-requests", "Too many requests.", detail);

    /// <summary>503: the cluster could not complete the request; retrying (with the same batchId) is safe.</summary>
    public static ProblemHttpResult Unavailable(string detail)
        => Create(StatusCodes.Status503ServiceUnavailable, "unavailable", "The cluster is unavailable.", detail);

    private static ProblemHttpResult Create(int status, string slug, string title, string detail, IReadOnlyList<ItemError>? errors = null)
    {
        var problem = new ProblemDetails
        {
            Type = TypePrefix + slug,
            Title = title,
            Status = status,
            Detail = detail,
        };
        if (errors is { Count: > 0 })
        {
            problem.Extensions["errors"] = errors;
        }

        return TypedResults.Problem(problem);
    }
}
