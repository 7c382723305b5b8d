using Microsoft.Extensions.Logging;

namespace LiveDash.Grains.Demo;

/// <summary>The demo feed's log messages (event ids 3000–3099).</summary>
internal static partial class DemoFeedLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Demo feed on: metrics {Metrics} every second, board '{Board}' every {BoardInterval}.")]
    public static partial void Started(ILogger logger, string metrics, string board, TimeSpan boardInterval);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Demo feed: {Points} points recorded in the last {Interval}; cpu.load host=a is {CpuLoad:0.00}; {Board} leader {Leader} with {Score}.")]
    public static partial void Progress(ILogger logger, long points, TimeSpan interval, double cpuLoad, string board, string leader, long score);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Demo feed tick failed; it carries on with the next one.")]
    public static partial void TickFailed(ILogger logger, Exception exception);
}
