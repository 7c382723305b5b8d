using LiveDash.Runtime.Streaming;
using Microsoft.Extensions.Logging;

namespace LiveDash.Grains.Publishing;

/// <summary>Topic publishing log messages (event ids 3100–3199).</summary>
internal static partial class PublishingLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "Could not publish on stream {StreamId}; {Pending} deltas kept for the next attempt.")]
    public static partial void PublishFailed(ILogger logger, Exception exception, StreamId streamId, int pending);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "Stream {StreamId} has been unreachable for {Max} deltas; the oldest is dropped, and subscribers holding it see stale values until their next snapshot.")]
    public static partial void PublishBacklogFull(ILogger logger, StreamId streamId, int max);
}
