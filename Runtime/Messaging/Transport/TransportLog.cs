using System.Net;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>The silo-to-silo transport's log messages, with stable event ids (1200–1299).</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Transport listening on {EndPoint} as silo {Silo}.")]
    public static partial void Listening(ILogger logger, EndPoint endPoint, SiloAddress silo);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Connection to {Peer} open.")]
    public static partial void ConnectionOpened(ILogger logger, string peer);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "Connection to {Peer} closed ({Reason}).")]
    public static partial void ConnectionClosed(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Closing the connection to {Peer}: {Reason}")]
    public static partial void ClosingOnBadFrame(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Refused a connection from {EndPoint} (sender {Sender}): {Reason}.")]
    public static partial void HandshakeRefused(ILogger logger, EndPoint? endPoint, string? sender, string reason);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Debug, Message = "Handshake with {EndPoint} failed; the connection is dropped.")]
    public static partial void InboundHandshakeFailed(ILogger logger, Exception exception, EndPoint? endPoint);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning, Message = "Connecting to silo {Silo} failed; sends to it fail for the next {Backoff}.")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, SiloAddress silo, TimeSpan backoff);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Error, Message = "The message handler threw on a message from {Peer}; the connection carries on.")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string peer);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Warning, Message = "Accepting a connection on {EndPoint} failed; the listener carries on.")]
    public static partial void AcceptFailed(ILogger logger, Exception exception, EndPoint? endPoint);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Information, Message = "Silo {Silo} is blocked: its connections are aborted and traffic with it refused.")]
    public static partial void PeerBlocked(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Warning, Message = "Connection-closed handler threw for {Peer}.")]
    public static partial void ClosedHandlerFailed(ILogger logger, Exception exception, string peer);
}
