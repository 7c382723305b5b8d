namespace LiveDash.IntegrationTests.Gateway;

/// <summary>A comment line (<c>: ping</c>), which an <c>EventSource</c> ignores.</summary>
/// <param name="Text">The text after the colon, one leading space removed (<c>ping</c>).</param>
internal sealed record SseComment(string Text) : SseItem;
