using Microsoft.Extensions.Logging;

namespace LiveDash.Grains.Directory;

/// <summary>Topic directory log messages (event ids 3200–3299).</summary>
internal static partial class TopicDirectoryLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "The topic directory is full ({MaxTopics} topics, TopicDirectoryOptions.MaxTopics): {Evicted} (last change {EvictedUpdatedAtMs}) is no longer listed to make room for {Added}; it is listed again after its next change. Raise LiveDash:Grains:TopicDirectory:MaxTopics to list more.")]
    public static partial void Evicted(ILogger logger, int maxTopics, string evicted, long evictedUpdatedAtMs, string added);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Could not store the topic directory's refreshed update times; the next attempt follows within {PersistInterval}.")]
    public static partial void PersistFailed(ILogger logger, Exception exception, TimeSpan persistInterval);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Could not refresh the update time of {Topic} in the topic directory; the next change after {RefreshInterval} tries again.")]
    public static partial void RefreshFailed(ILogger logger, Exception exception, string topic, TimeSpan refreshInterval);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "The stored topic directory holds '{Topic}', which is not a topic; it is dropped.")]
    public static partial void InvalidStoredTopic(ILogger logger, string topic);
}
