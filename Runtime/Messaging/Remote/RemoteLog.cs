using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Messaging.Remote;

/// <summary>Remote call log messages (event ids 1400–1499).</summary>
internal static partial class RemoteLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Could not refresh the cluster view before re-routing a call to {GrainId}; routing by the current view.")]
    public static partial void RefreshForRerouteFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "A message of kind {Kind} from {Remote} could not be handled.")]
    public static partial void MessageFailed(ILogger logger, Exception exception, string kind, string remote);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "The answer to message {Id} could not be sent; the caller's deadline or connection loss tells it.")]
    public static partial void ReplyFailed(ILogger logger, Exception exception, long id);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Connection to {Silo} closed with {Count} calls unanswered; they fail with SiloUnavailableException.")]
    public static partial void ConnectionLost(ILogger logger, SiloAddress silo, int count);
}
