namespace LiveDash.IntegrationTests.Gateway;

/// <summary>An event as an <c>EventSource</c> dispatches it (WHATWG HTML, "dispatch the event").</summary>
/// <param name="Type">The <c>event</c> field, or <c>message</c> when the event had none.</param>
/// <param name="Data">The <c>data</c> lines joined by <c>\n</c>.</param>
/// <param name="LastEventId">The last event ID buffer at dispatch: the newest <c>id</c> seen so far, not only in this event.</param>
internal sealed record SseEvent(string Type, string Data, string LastEventId) : SseItem;
