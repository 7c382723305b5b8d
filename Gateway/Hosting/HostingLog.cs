using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Hosting;

/// <summary>Gateway hosting log messages (event ids 2850–2899).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 2850, Level = LogLevel.Critical, Message = "The cluster client failed to start; the gateway stops. Check LiveDash:Cluster:* and that the membership table (the database) is reachable.")]
    public static partial void ClusterClientStartFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2851, Level = LogLevel.Information, Message = "Serving the dashboard from {Directory}.")]
    public static partial void ServingDashboard(ILogger logger, string directory);

    [LoggerMessage(EventId = 2852, Level = LogLevel.Information, Message = "No built dashboard in {Directory} (no index.html); GET / answers a placeholder page.")]
    public static partial void ServingPlaceholder(ILogger logger, string directory);

    [LoggerMessage(EventId = 2853, Level = LogLevel.Information, Message = "Accepting at most {MaxConnections} connections at once (LiveDash:Gateway:MaxConnections, else the open-file limit minus 1,024).")]
    public static partial void ConnectionCap(ILogger logger, long maxConnections);
}
