using LiveDash.Grains;
using LiveDash.Runtime.Streaming;
using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Push;

/// <summary>The connection hub's log messages (event ids 2400–2499).</summary>
internal static partial class PushLog
{
    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Topic {Topic} could not be followed: its stream or grain did not answer")]
    public static partial void TopicStartFailed(ILogger logger, Topic topic, Exception exception);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "Topic {Topic} reset ({Reason}): clients get a new snapshot")]
    public static partial void TopicReset(ILogger logger, Topic topic, StreamResetReason reason);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Warning, Message = "Topic {Topic}: the stream subscription was lost; the runtime re-subscribes and replays what was missed")]
    public static partial void SubscriptionLost(ILogger logger, Topic topic, Exception reason);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Information, Message = "Topic {Topic}: the stream subscription is back")]
    public static partial void SubscriptionRestored(ILogger logger, Topic topic);

    [LoggerMessage(EventId = 2405, Level = LogLevel.Error, Message = "Topic {Topic}: no snapshot could be loaded after a reset; its {Count} connections are closed so they reconnect")]
    public static partial void ResyncFailed(ILogger logger, Topic topic, int count, Exception exception);

    [LoggerMessage(EventId = 2406, Level = LogLevel.Warning, Message = "Topic {Topic}: an item did not follow the held state; reloading the snapshot")]
    public static partial void ItemOutOfOrder(ILogger logger, Topic topic, Exception? exception);

    [LoggerMessage(EventId = 2407, Level = LogLevel.Debug, Message = "Topic {Topic}: fetching back {Count} items for a resuming client failed; it gets a snapshot")]
    public static partial void BackfillFailed(ILogger logger, Topic topic, long count, Exception? exception);

    [LoggerMessage(EventId = 2408, Level = LogLevel.Information, Message = "Shutting down: telling {Count} push connections to reconnect")]
    public static partial void ClosingForShutdown(ILogger logger, int count);
}
