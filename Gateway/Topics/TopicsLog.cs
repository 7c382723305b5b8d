using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Topics;

/// <summary>Topic API log messages (event ids 2300–2399).</summary>
internal static partial class TopicsLog
{
    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning, Message = "The topic list could not be read from the topic directory; answered 503.")]
    public static partial void ListFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "The snapshot of {Topic} could not be read; answered 503.")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception, string topic);
}
