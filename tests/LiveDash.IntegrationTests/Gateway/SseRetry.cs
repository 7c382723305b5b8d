namespace LiveDash.IntegrationTests.Gateway;

/// <summary>A <c>retry</c> field of ASCII digits only: the reconnection time changed.</summary>
/// <param name="ReconnectionTime">The new reconnection time.</param>
internal sealed record SseRetry(TimeSpan ReconnectionTime) : SseItem;
