using LiveDash.Gateway.Ingest;
using LiveDash.Grains;

namespace LiveDash.Baselines.ParseOnly;

/// <summary>
/// <c>POST /parse/metrics</c>: the ingest benchmark's baseline. It does what the gateway's
/// <c>POST /api/v1/metrics</c> does before any grain is called — classify the content type, read the
/// body with the same size limit (<see cref="RequestBody"/>), parse and validate the whole batch with the
/// gateway's own parsers and the default grain limits — and answers the same
/// <c>200 {"accepted":N,"duplicate":false}</c>. No auth, no rate limiter, no cluster, no storage: the
/// ingest row's ratio to this one is what the cluster and the durable acknowledgement cost.
/// </summary>
internal static class ParseOnlyEndpoint
{
    private static readonly MetricGrainOptions s_grainOptions = new();
    private static readonly IngestOptions s_ingestOptions = new();

    public static IEndpointRouteBuilder MapParseOnly(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/parse/metrics", (Func<HttpContext, Task<IResult>>)HandleAsync);
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var format = WriteContentTypes.Classify(request.ContentType);
        if (format == WriteContentType.Unsupported)
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        var precision = TimestampPrecision.Nanoseconds;
        if (format == WriteContentType.LineProtocol && !LineProtocolParser.TryParsePrecision(request.Query["precision"], out precision))
        {
            return Results.BadRequest();
        }

        string? batchId = request.Query["batchId"].Count == 1 ? request.Query["batchId"][0] : null;
        MetricIngestResult parsed;
        using (var body = await RequestBody.ReadAsync(request, s_ingestOptions.MaxBodyBytes, context.RequestAborted))
        {
            if (body is null)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            var settings = new MetricParseSettings(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), s_ingestOptions.MaxPointsPerBatch, s_grainOptions, precision);
            parsed = format == WriteContentType.Json
                ? JsonMetricBatchParser.Parse(body.Span, settings, batchId)
                : LineProtocolParser.Parse(body.Span, settings, batchId);
        }

        return parsed.Rejection is { } rejection
            ? rejection.ToResult()
            : TypedResults.Json(new IngestResponse(parsed.Batch!.Points.Count, Duplicate: false), IngestJsonContext.Default.IngestResponse);
    }
}
