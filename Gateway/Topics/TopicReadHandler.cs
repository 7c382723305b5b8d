using System.Buffers;
using System.Text.Json;
using LiveDash.Gateway.Auth;
using LiveDash.Gateway.Http;
using LiveDash.Grains;
using LiveDash.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Topics;

/// <summary>
/// <c>GET /api/v1/topics</c> (every topic ever written, from the <see cref="ITopicDirectoryGrain"/>) and
/// <c>GET /api/v1/topics/{topic}</c> (one snapshot, with a strong <c>ETag</c> and <c>If-None-Match</c>).
/// </summary>
/// <remarks>
/// Statuses of a snapshot read: 200; 304 when <c>If-None-Match</c> matches; 400 when the path is not a
/// topic at all (<c>metric:&lt;name&gt;</c> or <c>board:&lt;id&gt;</c> with a valid name), so a typo is
/// told apart from a topic that does not exist yet; 404 for a well-formed topic that holds no data
/// (<see cref="TopicData.IsEmpty(MetricSnapshot)"/>); 503 when the cluster cannot answer.
/// </remarks>
internal sealed class TopicReadHandler
{
    private static readonly JsonWriterOptions s_writerOptions = new() { SkipValidation = true };

    private readonly RequestAuthorizer _authorizer;
    private readonly IClusterClient _grains;
    private readonly ILogger _logger;

    public TopicReadHandler(RequestAuthorizer authorizer, IClusterClient grains, ILogger<TopicReadHandler> logger)
    {
        _authorizer = authorizer;
        _grains = grains;
        _logger = logger;
    }

    /// <summary><c>GET /api/v1/topics</c>: <c>[{"topic":"metric:cpu.load","kind":"metric","updatedAt":1764000000000}]</c>, sorted by topic.</summary>
    public async Task<IResult> ListAsync(HttpContext context)
    {
        var access = _authorizer.Authorize(context, AccessScope.View, allowTicket: false);
        if (!access.Succeeded)
        {
            return access.Problem!;
        }

        IReadOnlyList<TopicDirectoryEntry> entries;
        try
        {
            entries = await TopicDirectory.Get(_grains).ListAsync(context.RequestAborted);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            TopicsLog.ListFailed(_logger, exception);
            return Problems.Unavailable($"The topic list could not be read ({exception.GetType().Name}); retry.");
        }

        var buffer = new ArrayBufferWriter<byte>(2 + (entries.Count * 80));
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartArray();
            foreach (var entry in entries)
            {
                writer.WriteStartObject();
                writer.WriteString("topic"u8, entry.Topic.ToString());
                writer.WriteString("kind"u8, entry.Topic.Kind == TopicKind.Metric ? "metric"u8 : "board"u8);
                writer.WriteNumber("updatedAt"u8, entry.UpdatedAtMs);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(buffer.WrittenMemory, "application/json");
    }

    /// <summary><c>GET /api/v1/topics/{topic}</c>: the snapshot object, the same bytes as an SSE snapshot's data.</summary>
    public async Task<IResult> GetAsync(HttpContext context, string topic)
    {
        var access = _authorizer.Authorize(context, AccessScope.View, allowTicket: false);
        if (!access.Succeeded)
        {
            return access.Problem!;
        }

        if (!Topic.TryParse(topic, out var parsed))
        {
            return Problems.BadRequest(
                $"'{(topic.Length <= 80 ? topic : topic[..80] + "…")}' is not a topic: use '{Topic.MetricPrefix}<name>' or '{Topic.BoardPrefix}<id>' with a name of 1–{TopicNames.MaxLength} characters of {TopicNames.AllowedCharactersDescription}.");
        }

        Push.PushEvent? snapshot;
        try
        {
            snapshot = await TopicData.ReadSnapshotAsync(_grains, parsed, context.RequestAborted);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            TopicsLog.SnapshotFailed(_logger, exception, parsed.ToString());
            return Problems.Unavailable($"The snapshot of '{parsed}' could not be read ({exception.GetType().Name}); retry.");
        }

        if (snapshot is null)
        {
            return Problems.TopicNotFound(parsed.ToString());
        }

        var json = snapshot.Json;
        var etag = EntityTags.Compute(json.Span);
        var headers = context.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "no-cache";
        return EntityTags.IfNoneMatch(context.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(json, "application/json");
    }
}
