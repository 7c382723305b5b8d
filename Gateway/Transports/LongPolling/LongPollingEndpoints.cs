using System.Text.Json;
using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Http;
using LiveDash.Gateway.Push;
using LiveDash.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Transports.LongPolling;

/// <summary>
/// The long-polling transport: <c>GET /api/v1/poll?topic=A&amp;topic=B&amp;cursor=C</c> (CONTRACT.md, "HTTP API").
/// Each poll is a short-lived hub connection: subscribed from the cursor, held until an event is queued
/// (or <see cref="LongPollingOptions.HoldTimeout"/>), answered with everything queued by then.
/// </summary>
/// <remarks>
/// Answer: <c>200 {"events":[..],"cursor":".."}</c>, each event the same object as an SSE <c>data</c>
/// (<see cref="PushEvent.Json"/>, written as is). The cursor covers every requested topic: those with
/// events at the last one sent, the others at the position the request's cursor gave them (or, with no
/// position yet, left out: the next poll gets their snapshot). A gateway stopping mid-hold answers at once.
/// </remarks>
public static class LongPollingEndpoints
{
    /// <summary>The transport's name in metrics and on <see cref="PushConnection.Transport"/>.</summary>
    public const string TransportName = "longpoll";

    /// <summary>Registers the long-polling transport and its options (<see cref="LongPollingOptions.SectionName"/>).</summary>
    /// <param name="services">The gateway's services.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGatewayLongPolling(this IServiceCollection services)
    {
        services.AddOptions<LongPollingOptions>().BindConfiguration(LongPollingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LongPollingOptions>, LongPollingOptionsValidator>();
        services.AddSingleton<LongPollAdmission>();
        services.AddHostedService<LongPollingOptionsLog>();
        return services;
    }

    /// <summary>Maps <c>GET /api/v1/poll</c>.</summary>
    /// <param name="endpoints">The gateway's routes.</param>
    /// <returns><paramref name="endpoints"/>.</returns>
    public static IEndpointRouteBuilder MapLongPollingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/poll", HandleAsync)
            .WithName("LongPoll")
            .WithTags("Push")
            .WithSummary("Long poll: the events after a cursor, or snapshots; waits for one up to 25 s.")
            .WithDescription(
                "topic (repeatable) names the topics; cursor is the previous answer's cursor (absent: snapshots). " +
                "Answers {\"events\":[...],\"cursor\":\"...\"} as soon as an event is due, else after the hold with no events and the same cursor. " +
                "Authorization: a view key as Bearer, or a single-use ticket.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task HandleAsync(
        HttpContext context,
        LongPollAdmission admission,
        TopicHub hub,
        IOptions<LongPollingOptions> options,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger<LongPollAdmission> logger)
    {
        using var admitted = admission.Admit(context);
        if (!admitted.Succeeded)
        {
            await admitted.Problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (ReadTopics(context.Request.Query) is not { } topics)
        {
            await BadTopics(context.Request.Query).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var cursor = PushCursor.TryParse(context.Request.Query["cursor"].ToString(), out var parsed) ? parsed : null;
        var aborted = context.RequestAborted;
        var connection = hub.Connect(TransportName);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                var subscribed = await connection.SubscribeAsync(topics, cursor, aborted).ConfigureAwait(false);
                if (!subscribed.Succeeded)
                {
                    await Refusal(subscribed).ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                await HoldAsync(connection, options.Value.HoldTimeout, time, aborted).ConfigureAwait(false);
                await WriteAnswerAsync(context.Response, connection, options.Value.MaxEventsPerResponse, metrics, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                LongPollingLog.ClientGone(logger);
            }
        }
    }

    // Returns when an event can be taken, the hold is over, or the connection closed (the gateway is stopping).
    private static async Task HoldAsync(PushConnection connection, TimeSpan hold, TimeProvider time, CancellationToken aborted)
    {
        using var timeout = new CancellationTokenSource(hold, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, timeout.Token);
        try
        {
            await connection.WaitToReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            // The hold is over: answer with no events.
        }
    }

    private static async Task WriteAnswerAsync(HttpResponse response, PushConnection connection, int maxEvents, GatewayMetrics metrics, CancellationToken aborted)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        var count = 0;
        using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("events"u8);
            while (count < maxEvents && connection.TryRead(out var pushEvent))
            {
                // Serialised once for every connection: copied as is.
                writer.WriteRawValue(pushEvent.Json.Span, skipInputValidation: true);
                count++;
            }

            writer.WriteEndArray();
            writer.WriteString("cursor"u8, connection.Cursor);
            writer.WriteEndObject();
        }

        if (count > 0)
        {
            metrics.EventsWritten(TransportName, count);
        }

        await response.BodyWriter.FlushAsync(aborted).ConfigureAwait(false);
    }

    private static List<Topic>? ReadTopics(IQueryCollection query)
    {
        var values = query["topic"];
        if (values.Count == 0)
        {
            return null;
        }

        var topics = new List<Topic>(values.Count);
        foreach (var value in values)
        {
            if (!Topic.TryParse(value, out var topic))
            {
                return null;
            }

            topics.Add(topic);
        }

        return topics;
    }

    private static ProblemHttpResult BadTopics(IQueryCollection query)
    {
        var values = query["topic"];
        if (values.Count == 0)
        {
            return Problems.BadRequest("Name at least one topic: ?topic=metric:cpu.load&topic=board:match-1.");
        }

        var bad = values.First(v => !Topic.TryParse(v, out _)) ?? "";
        if (bad.Length > 64)
        {
            bad = string.Concat(bad.AsSpan(0, 64), "…");
        }

        return Problems.BadRequest(
            $"'{bad}' is not a topic: use '{Topic.MetricPrefix}<name>' or '{Topic.BoardPrefix}<id>' with 1–{TopicNames.MaxLength} characters of {TopicNames.AllowedCharactersDescription}.");
    }

    private static ProblemHttpResult Refusal(SubscribeResult result) => result.Status switch
    {
        SubscribeStatus.UnknownTopic => Problems.TopicNotFound(result.Topic?.ToString() ?? ""),
        SubscribeStatus.TooManyTopics => Problems.BadRequest(result.Detail ?? "Too many topics."),
        _ => Problems.Unavailable(result.Detail ?? "The cluster did not answer; retry shortly."),
    };
}
