using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Transports.LongPolling;

/// <summary>The long-polling transport's log messages (event ids 2700–2799).</summary>
internal static partial class LongPollingLog
{
    [LoggerMessage(EventId = 2701, Level = LogLevel.Information, Message = "Long polling: polls held up to {HoldTimeout}, at most {MaxEventsPerResponse} events per answer")]
    public static partial void Started(ILogger logger, TimeSpan holdTimeout, int maxEventsPerResponse);

    [LoggerMessage(EventId = 2702, Level = LogLevel.Debug, Message = "A long poll ended before its answer: the client went away")]
    public static partial void ClientGone(ILogger logger);
}
