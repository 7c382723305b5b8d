using System.Net.WebSockets;
using LiveDash.Grains;
using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>The WebSocket transport's log messages (event ids 2600–2699).</summary>
internal static partial class WebSocketLog
{
    [LoggerMessage(EventId = 2601, Level = LogLevel.Information,
        Message = "WebSocket transport: keep-alive ping after {KeepAliveInterval} of silence, dropped after {KeepAliveTimeout} without pong; messages up to {MaxIncomingMessageBytes} bytes; {MaxPendingRequests} pending requests, {MaxPendingReplies} pending replies; close timeout {CloseTimeout}")]
    public static partial void Started(ILogger logger, TimeSpan keepAliveInterval, TimeSpan keepAliveTimeout, int maxIncomingMessageBytes, int maxPendingRequests, int maxPendingReplies, TimeSpan closeTimeout);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Debug, Message = "WebSocket closed by the client ({Status})")]
    public static partial void ClosedByClient(ILogger logger, WebSocketCloseStatus? status);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Debug, Message = "WebSocket closed by the gateway: {Code} {Reason}")]
    public static partial void ClosedByGateway(ILogger logger, int code, string reason);

    [LoggerMessage(EventId = 2604, Level = LogLevel.Debug, Message = "WebSocket dropped without a closing handshake (connection lost, keep-alive timeout or close timeout)")]
    public static partial void Dropped(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2605, Level = LogLevel.Debug, Message = "WebSocket protocol violation, closing with 4500: {Detail}")]
    public static partial void ProtocolViolation(ILogger logger, string detail);

    [LoggerMessage(EventId = 2606, Level = LogLevel.Warning, Message = "A WebSocket command on {Topic} failed: the board's grain did not answer")]
    public static partial void CommandFailed(ILogger logger, Topic topic, Exception exception);

    [LoggerMessage(EventId = 2607, Level = LogLevel.Error, Message = "A WebSocket connection failed unexpectedly; it was dropped")]
    public static partial void SessionFailed(ILogger logger, Exception exception);
}
