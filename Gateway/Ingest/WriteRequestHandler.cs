using LiveDash.Gateway.Auth;
using LiveDash.Gateway.Http;
using LiveDash.Gateway.Topics;
using LiveDash.Grains;
using LiveDash.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Ingest;

/// <summary>
/// The two write endpoints, in the order every request is checked: credentials (401/403), content type
/// (415), body size (413), body (400 malformed, 422 invalid), then the grains (200, 422 refused, 503).
/// A batch is checked whole before any grain is called, so a bad point applies nothing.
/// </summary>
internal sealed class WriteRequestHandler
{
    private const string BodyLimitOption = IngestOptions.SectionName + ":MaxBodyBytes";

    private readonly RequestAuthorizer _authorizer;
    private readonly IngestOptions _options;
    private readonly MetricGrainOptions _metricOptions;
    private readonly ScoreboardGrainOptions _boardOptions;
    private readonly MetricIngestService _metrics;
    private readonly IClusterClient _grains;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public WriteRequestHandler(
        RequestAuthorizer authorizer,
        IOptions<IngestOptions> options,
        IOptions<MetricGrainOptions> metricOptions,
        IOptions<ScoreboardGrainOptions> boardOptions,
        MetricIngestService metrics,
        IClusterClient grains,
        TimeProvider time,
        ILogger<WriteRequestHandler> logger)
    {
        _authorizer = authorizer;
        _options = options.Value;
        _metricOptions = metricOptions.Value;
        _boardOptions = boardOptions.Value;
        _metrics = metrics;
        _grains = grains;
        _time = time;
        _logger = logger;
    }

    /// <summary><c>POST /api/v1/metrics</c>.</summary>
    public async Task<IResult> PostMetricsAsync(HttpContext context)
    {
        var access = _authorizer.Authorize(context, AccessScope.Ingest, allowTicket: false);
        if (!access.Succeeded)
        {
            return access.Problem!;
        }

        var request = context.Request;
        var format = WriteContentTypes.Classify(request.ContentType);
        if (format == WriteContentType.Unsupported)
        {
            return Refuse(context, Problems.UnsupportedMediaType(request.ContentType, "application/json or text/plain (InfluxDB line protocol), in UTF-8"));
        }

        var precision = TimestampPrecision.Nanoseconds;
        if (format == WriteContentType.LineProtocol && !LineProtocolParser.TryParsePrecision(request.Query["precision"], out precision))
        {
            return Refuse(context, Problems.BadRequest($"The precision '{request.Query["precision"]}' is not a unit; use ns (default), us, ms or s."));
        }

        var batchIds = request.Query["batchId"];
        if (batchIds.Count > 1)
        {
            return Refuse(context, Problems.BadRequest("The batchId query parameter is given more than once; send it once."));
        }

        MetricIngestResult parsed;
        using (var body = await RequestBody.ReadAsync(request, _options.MaxBodyBytes, context.RequestAborted))
        {
            if (body is null)
            {
                return Refuse(context, Problems.PayloadTooLarge(_options.MaxBodyBytes, BodyLimitOption));
            }

            var settings = new MetricParseSettings(_time.GetUtcNow().ToUnixTimeMilliseconds(), _options.MaxPointsPerBatch, _metricOptions, precision);
            string? queryBatchId = batchIds.Count == 1 ? batchIds[0] : null;
            parsed = format == WriteContentType.Json
                ? JsonMetricBatchParser.Parse(body.Span, settings, queryBatchId)
                : LineProtocolParser.Parse(body.Span, settings, queryBatchId);
        }

        if (parsed.Rejection is { } rejection)
        {
            IngestLog.Rejected(_logger, request.Path, rejection.StatusCode, rejection.Detail);
            return rejection.ToResult();
        }

        return await _metrics.ApplyAsync(parsed.Batch!, context.RequestAborted);
    }

    /// <summary><c>POST /api/v1/boards/{id}</c>.</summary>
    public async Task<IResult> PostBoardAsync(HttpContext context, string id)
    {
        var access = _authorizer.Authorize(context, AccessScope.Ingest, allowTicket: false);
        if (!access.Succeeded)
        {
            return access.Problem!;
        }

        var request = context.Request;
        if (!TopicNames.IsValidName(id))
        {
            return Refuse(context, Problems.Unprocessable(
                $"'{MetricBatchBuilder.Preview(id)}' is not a valid board id; use 1–{TopicNames.MaxLength} characters of {TopicNames.AllowedCharactersDescription}. Nothing was applied."));
        }

        if (WriteContentTypes.Classify(request.ContentType) != WriteContentType.Json)
        {
            return Refuse(context, Problems.UnsupportedMediaType(request.ContentType, "application/json (UTF-8)"));
        }

        BoardCommand? command;
        IngestRejection? rejection;
        using (var body = await RequestBody.ReadAsync(request, _options.MaxBodyBytes, context.RequestAborted))
        {
            if (body is null)
            {
                return Refuse(context, Problems.PayloadTooLarge(_options.MaxBodyBytes, BodyLimitOption));
            }

            rejection = BoardCommandParser.Parse(body.Span, _boardOptions, out command);
        }

        if (rejection is not null)
        {
            IngestLog.Rejected(_logger, request.Path, rejection.StatusCode, rejection.Detail);
            return rejection.ToResult();
        }

        TopicSnapshot<BoardSnapshot> snapshot;
        try
        {
            snapshot = await _grains.GetGrain<IScoreboardGrain>(id).ApplyAsync(command!, context.RequestAborted);
        }
        catch (Exception exception) when (GrainFailures.IsInputError(exception, out var reason, out _))
        {
            return Refuse(context, Problems.Unprocessable($"Board '{id}' refused the command: {reason}. Nothing was applied."));
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            IngestLog.BoardCommandFailed(_logger, exception, id);
            var retry = command!.BatchId is null
                ? "This command has no batchId, so a retry may apply it twice; send a batchId to make retries safe."
                : "A retry with the same batchId is safe: the board applies a batch id once.";
            return Problems.Unavailable($"Board '{id}' could not apply the command ({exception.GetType().Name}); it may or may not have been applied. {retry}");
        }

        var json = TopicData.ToSnapshotEvent(snapshot).Json;
        context.Response.Headers.ETag = EntityTags.Compute(json.Span);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Bytes(json, "application/json");
    }

    private IResult Refuse(HttpContext context, IResult problem)
    {
        if (problem is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult { ProblemDetails: var details })
        {
            var status = details.Status ?? 0;
            IngestLog.Rejected(_logger, context.Request.Path, status, details.Detail ?? string.Empty);
        }

        return problem;
    }
}
