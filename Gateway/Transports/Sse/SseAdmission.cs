using LiveDash.Gateway.Http;
using LiveDash.Gateway.Push;
using LiveDash.Grains;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;

namespace LiveDash.Gateway.Transports.Sse;

/// <summary>
/// The one place that decides whether a stream request is served, and everything it needs once it is:
/// every refusal is a problem+json answer (<see cref="Problems"/>) given before any SSE byte is written.
/// </summary>
/// <remarks>
/// Order, cheapest and side-effect free first: the topics' syntax (so a malformed request never takes a
/// connection slot or burns a single-use ticket), then the push admission every transport shares
/// (<see cref="PushAdmission"/>: the per-address connection cap, then the credentials, a ticket being
/// consumed there), then the subscription, which reaches the cluster (404 unknown topic, 400 too many,
/// 503 unavailable). The session holds the admission's lease and credential watch for the stream's life;
/// credentials that expire meanwhile close the stream with <see cref="DisconnectCode.Reauthenticate"/>.
/// No origin check: a cross-origin <c>EventSource</c> is governed by CORS, which browsers enforce on it.
/// </remarks>
internal sealed class SseAdmission(PushAdmission admission, TopicHub hub)
{
    /// <summary>The transport's name in metrics and on push connections.</summary>
    public const string Transport = "sse";

    /// <summary>The query parameter naming a topic; repeated for several.</summary>
    public const string TopicParameter = "topic";

    /// <summary>The header browsers send on reconnect, carrying the last <c>id</c> they received.</summary>
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>The query parameters that may carry a cursor instead (a client's first connection, or a non-browser client).</summary>
    public static readonly string[] CursorParameters = ["lastEventId", "cursor"];

    private const int MaxEchoedLength = 200;

    /// <summary>Admits the request, subscribing its connection; or says why not.</summary>
    /// <param name="context">The request; its <c>RequestAborted</c> abandons the subscription.</param>
    /// <returns>The session (subscribed, first events queued), or the problem to answer with.</returns>
    public async Task<SseAdmissionResult> AdmitAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TryReadTopics(context.Request.Query[TopicParameter], out var topics, out var badRequest))
        {
            return new SseAdmissionResult(null, badRequest);
        }

        var admitted = admission.Admit(context, checkOrigin: false);
        if (!admitted.Succeeded)
        {
            return new SseAdmissionResult(null, admitted.Problem);
        }

        var cursor = ReadCursor(context.Request);
        var session = new SseSession(hub.Connect(Transport), admitted, resuming: cursor is not null);
        try
        {
            // A gateway that is stopping hands out connections already closed: the stream then carries
            // only its disconnect event (reconnect elsewhere), which EventSource acts on; it would not on a 503.
            if (session.Connection.ClosedBy is null)
            {
                var subscribed = await session.Connection.SubscribeAsync(topics, cursor, context.RequestAborted).ConfigureAwait(false);
                if (!subscribed.Succeeded)
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                    return new SseAdmissionResult(null, ProblemFor(subscribed));
                }
            }

            // Registered last: the close it makes must not race the subscription (it may fire at once).
            session.Own(admitted.CredentialsExpired.Register(
                static state => ((PushConnection)state!).Close(DisconnectCode.Reauthenticate), session.Connection));
            return new SseAdmissionResult(session, null);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The cursor to resume from: <c>Last-Event-ID</c>, else a query parameter; one that does not parse counts as absent.</summary>
    internal static PushCursor? ReadCursor(HttpRequest request)
    {
        // The header wins: a browser sends it on reconnect, while the query still holds the first connection's cursor.
        if (PushCursor.TryParse(First(request.Headers[LastEventIdHeader]), out var fromHeader))
        {
            return fromHeader;
        }

        foreach (var parameter in CursorParameters)
        {
            var value = First(request.Query[parameter]);
            if (!string.IsNullOrEmpty(value))
            {
                return PushCursor.TryParse(value, out var fromQuery) ? fromQuery : null;
            }
        }

        return null;
    }

    private static bool TryReadTopics(StringValues values, out List<Topic> topics, out IResult? problem)
    {
        topics = new List<Topic>(values.Count);
        problem = null;
        if (values.Count == 0)
        {
            problem = Problems.BadRequest(
                $"Name at least one topic: {TopicParameter}={Topic.MetricPrefix}<name> or {TopicParameter}={Topic.BoardPrefix}<id>, repeated for several (GET /api/v1/stream?topic=metric:cpu.load&topic=board:match-1).");
            return false;
        }

        foreach (var value in values)
        {
            if (!Topic.TryParse(value, out var topic))
            {
                problem = Problems.BadRequest(
                    $"'{Echo(value)}' is not a topic: expected '{Topic.MetricPrefix}<name>' or '{Topic.BoardPrefix}<id>' with a name of 1–{TopicNames.MaxLength} characters of {TopicNames.AllowedCharactersDescription}.");
                return false;
            }

            topics.Add(topic);
        }

        return true;
    }

    private static ProblemHttpResult ProblemFor(SubscribeResult result) => result.Status switch
    {
        SubscribeStatus.UnknownTopic => Problems.TopicNotFound(result.Topic!.Value.ToString()),
        SubscribeStatus.TooManyTopics => Problems.BadRequest(result.Detail ?? "Too many topics."),
        _ => Problems.Unavailable(result.Detail ?? "The cluster could not be reached; retry shortly."),
    };

    private static string? First(StringValues values) => values.Count > 0 ? values[0] : null;

    private static string Echo(string? value)
        => value is null ? string.Empty : value.Length <= MaxEchoedLength ? value : string.Concat(value.AsSpan(0, MaxEchoedLength), "…");
}
