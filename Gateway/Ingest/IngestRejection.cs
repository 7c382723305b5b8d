using LiveDash.Gateway.Http;
using Microsoft.AspNetCore.Http;

namespace LiveDash.Gateway.Ingest;

/// <summary>
/// Why a write request was refused before anything was applied: a malformed body (400) or invalid
/// values (422), with the item errors that name what to fix.
/// </summary>
internal sealed class IngestRejection
{
    private IngestRejection(int statusCode, string detail, IReadOnlyList<ItemError> errors)
    {
        StatusCode = statusCode;
        Detail = detail;
        Errors = errors;
    }

    /// <summary>400 or 422.</summary>
    public int StatusCode { get; }

    /// <summary>The problem's detail.</summary>
    public string Detail { get; }

    /// <summary>The items named (may be empty).</summary>
    public IReadOnlyList<ItemError> Errors { get; }

    /// <summary>The body cannot be read as the format it claims (400).</summary>
    public static IngestRejection Malformed(string detail, IReadOnlyList<ItemError>? errors = null)
        => new(StatusCodes.Status400BadRequest, detail, errors ?? []);

    /// <summary>The body is well-formed but its values are invalid (422).</summary>
    public static IngestRejection Unprocessable(string detail, IReadOnlyList<ItemError>? errors = null)
        => new(StatusCodes.Status422UnprocessableEntity, detail, errors ?? []);

    /// <summary>The problem+json answer.</summary>
    public IResult ToResult() => StatusCode == StatusCodes.Status400BadRequest
        ? Problems.BadRequest(Detail, Errors)
        : Problems.Unprocessable(Detail, Errors);
}
