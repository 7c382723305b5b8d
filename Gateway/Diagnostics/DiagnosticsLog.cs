using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Diagnostics;

/// <summary>Gateway diagnostics log messages (event ids 2800–2849).</summary>
internal static partial class DiagnosticsLog
{
    [LoggerMessage(EventId = 2800, Level = LogLevel.Information, Message = "Gateway {Name} started: runtime {Mode}; HTTP on {Urls}; self-metrics {SelfMetrics}.")]
    public static partial void StartedLocal(ILogger logger, string name, string mode, string urls, string selfMetrics);

    [LoggerMessage(EventId = 2801, Level = LogLevel.Information, Message = "Gateway {Name} started: runtime {Mode} of cluster {ClusterId}; HTTP on {Urls}; self-metrics {SelfMetrics}.")]
    public static partial void StartedClient(ILogger logger, string name, string mode, string clusterId, string urls, string selfMetrics);

    [LoggerMessage(EventId = 2810, Level = LogLevel.Warning, Message = "Writing the gateway's self-metrics failed for {Failed} of {Total} metrics (first error below); retrying every {Interval}, further failures at Debug level until a write succeeds.")]
    public static partial void SelfMetricsFailing(ILogger logger, Exception exception, int failed, int total, TimeSpan interval);

    [LoggerMessage(EventId = 2811, Level = LogLevel.Debug, Message = "Writing the gateway's self-metrics still fails for {Failed} of {Total} metrics.")]
    public static partial void SelfMetricsStillFailing(ILogger logger, Exception exception, int failed, int total);

    [LoggerMessage(EventId = 2812, Level = LogLevel.Information, Message = "The gateway's self-metrics are written again after {FailedTicks} failed ticks.")]
    public static partial void SelfMetricsRecovered(ILogger logger, int failedTicks);

    [LoggerMessage(EventId = 2813, Level = LogLevel.Debug, Message = "Self-metrics tick skipped: the gateway is not ready ({Reason}).")]
    public static partial void SelfMetricsSkipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 2814, Level = LogLevel.Information, Message = "Self-metrics are off ({Option}=false).")]
    public static partial void SelfMetricsDisabled(ILogger logger, string option);
}
