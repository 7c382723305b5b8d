using LiveDash.Gateway.Push;
using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Transports.Sse;

/// <summary>The SSE transport's log messages (event ids 2500–2599).</summary>
internal static partial class SseLog
{
    [LoggerMessage(EventId = 2501, Level = LogLevel.Information,
        Message = "SSE transport: retry {RetryMs} ms, ping every {PingInterval}, flush every {MaxBytesPerFlush} bytes, disconnect flush timeout {DisconnectFlushTimeout}")]
    public static partial void Started(ILogger logger, long retryMs, TimeSpan pingInterval, int maxBytesPerFlush, TimeSpan disconnectFlushTimeout);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Debug, Message = "SSE stream opened for {TopicCount} topics (resuming: {Resuming})")]
    public static partial void Opened(ILogger logger, int topicCount, bool resuming);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Debug, Message = "SSE stream ended by the gateway: {Code}")]
    public static partial void ClosedByGateway(ILogger logger, DisconnectCode code);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Debug, Message = "SSE stream ended: the client went away")]
    public static partial void ClientGone(ILogger logger);

    [LoggerMessage(EventId = 2505, Level = LogLevel.Information,
        Message = "SSE stream closed with {Code} did not end within {Timeout} (its socket is full): aborting the response")]
    public static partial void DisconnectNotDelivered(ILogger logger, DisconnectCode code, TimeSpan timeout);

    [LoggerMessage(EventId = 2506, Level = LogLevel.Warning, Message = "SSE stream failed while writing; aborting it")]
    public static partial void WriteFailed(ILogger logger, Exception exception);
}
