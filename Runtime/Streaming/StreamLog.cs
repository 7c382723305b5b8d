using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Streaming;

/// <summary>Stream log messages (event ids 1600–1699).</summary>
internal static partial class StreamLog
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Debug, Message = "Stream {StreamId} started epoch {Epoch}.")]
    public static partial void EpochStarted(ILogger logger, StreamId streamId, long epoch);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Stream {StreamId}: the lease of {Node} ran out; it gets no more items until it renews.")]
    public static partial void LeaseExpired(ILogger logger, StreamId streamId, string node);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Debug, Message = "A stream item for {Node} could not be sent: {Reason}. The node catches up at its next renewal.")]
    public static partial void DeliveryFailed(ILogger logger, string node, string reason);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "The subscription to stream {StreamId} was lost ({Reason}); re-subscribing in {RetryMilliseconds} ms.")]
    public static partial void SubscriptionLost(ILogger logger, StreamId streamId, string reason, long retryMilliseconds);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Information, Message = "The subscription to stream {StreamId} is restored at {Position}.")]
    public static partial void SubscriptionRestored(ILogger logger, StreamId streamId, StreamSequenceToken position);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Information, Message = "Stream {StreamId} reset from {Previous} to {Position}: {Reason}.")]
    public static partial void Reset(ILogger logger, StreamId streamId, StreamSequenceToken? previous, StreamSequenceToken position, StreamResetReason reason);

    [LoggerMessage(EventId = 1606, Level = LogLevel.Warning, Message = "An observer of stream {StreamId} failed on the item at {Position}; the others still get it.")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, StreamId streamId, StreamSequenceToken? position);

    [LoggerMessage(EventId = 1607, Level = LogLevel.Debug, Message = "Could not end the lease on stream {StreamId}; it runs out by itself.")]
    public static partial void UnsubscribeFailed(ILogger logger, Exception exception, StreamId streamId);

    [LoggerMessage(EventId = 1608, Level = LogLevel.Warning, Message = "A stream item for {Target} was malformed and dropped.")]
    public static partial void MalformedItem(ILogger logger, GrainId target);

    [LoggerMessage(EventId = 1609, Level = LogLevel.Warning, Message = "{Count} stream subscriptions had not finished {Timeout} after the node began to stop; their leases run out by themselves.")]
    public static partial void ShutdownTimedOut(ILogger logger, int count, TimeSpan timeout);
}
