using LiveDash.Gateway.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LiveDash.Gateway.Transports.Sse;

/// <summary>
/// <c>GET /api/v1/stream</c>: admits the request (<see cref="SseAdmission"/>), then writes the event stream
/// (<see cref="SseStreamWriter"/>) until the client leaves or the gateway ends it. Singleton.
/// </summary>
internal sealed class SseStreamHandler
{
    /// <summary>The media type of the stream (WHATWG; always UTF-8).</summary>
    public const string ContentType = "text/event-stream";

    private readonly SseAdmission _admission;
    private readonly SseFrames _frames;
    private readonly SseOptions _options;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<SseStreamHandler> _logger;

    public SseStreamHandler(SseAdmission admission, SseFrames frames, IOptions<SseOptions> options, TimeProvider time, GatewayMetrics metrics, ILogger<SseStreamHandler> logger)
    {
        _admission = admission;
        _frames = frames;
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Serves one stream request.</summary>
    /// <param name="context">The request.</param>
    /// <returns>A task that completes when the response ended.</returns>
    public async Task HandleAsync(HttpContext context)
    {
        SseAdmissionResult admitted;
        try
        {
            admitted = await _admission.AdmitAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left while its topics were being subscribed: nobody to answer.
            return;
        }

        if (admitted.Problem is { } problem)
        {
            await problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await using var session = admitted.Session!;
        SseLog.Opened(_logger, session.Connection.Topics.Count, session.Resuming);
        StartResponse(context);
        await new SseStreamWriter(context, session.Connection, _frames, _options, _time, _metrics, _logger).RunAsync().ConfigureAwait(false);
    }

    // Headers only, nothing HTTP/1-specific (no Connection: keep-alive), so the same response works over HTTP/2.
    private static void StartResponse(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";

        // nginx and similar proxies buffer responses unless told not to; a buffered stream is not live.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }
}
