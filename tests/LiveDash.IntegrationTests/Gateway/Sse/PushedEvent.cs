using System.Text.Json;

namespace LiveDash.IntegrationTests.Gateway.Sse;

/// <summary>A topic event read from an SSE stream: its <c>event</c> type, the JSON of its <c>data</c>, and its <c>id</c>.</summary>
/// <param name="Type"><c>snapshot</c>, <c>update</c> or <c>reset</c>.</param>
/// <param name="Topic">The topic.</param>
/// <param name="Seq">The topic's position after the event.</param>
/// <param name="Epoch">The topic's epoch (opaque).</param>
/// <param name="Recovered">False on a snapshot that replaces events the gateway could not replay.</param>
/// <param name="Data">The <c>data</c> member: the state (snapshot) or the delta (update).</param>
/// <param name="Id">The event's <c>id</c> (the stream's cursor after it).</param>
internal sealed record PushedEvent(string Type, string Topic, long Seq, string Epoch, bool Recovered, JsonElement Data, string Id)
{
    /// <summary>Reads a topic event; fails when the SSE event is not one.</summary>
    public static PushedEvent From(SseEvent sseEvent)
    {
        using var document = JsonDocument.Parse(sseEvent.Data);
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString()!;
        if (type != sseEvent.Type)
        {
            throw new InvalidOperationException($"The SSE event type '{sseEvent.Type}' differs from the JSON type '{type}': {sseEvent.Data}");
        }

        return new PushedEvent(
            type,
            root.GetProperty("topic").GetString()!,
            root.GetProperty("seq").GetInt64(),
            root.GetProperty("epoch").GetString()!,
            !root.TryGetProperty("recovered", out var recovered) || recovered.GetBoolean(),
            root.GetProperty("data").Clone(),
            sseEvent.LastEventId);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type} {Topic} #{Seq}{(Recovered ? string.Empty : " (not recovered)")}";
}
