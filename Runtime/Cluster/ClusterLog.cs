using LiveDash.Runtime.Placement;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Cluster;

/// <summary>Cluster lifecycle log messages (event ids 1500–1599).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Silo {Silo} joined the cluster; view {View}.")]
    public static partial void SiloJoined(ILogger logger, SiloAddress silo, ClusterView view);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Leaving the cluster: writing {Status} failed; peers will vote this silo out instead.")]
    public static partial void LeaveStepFailed(ILogger logger, Exception exception, string status);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "{Count} activations now belong to other silos ({View}); deactivating them.")]
    public static partial void GrainsMoved(ILogger logger, int count, ClusterView view);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "Cluster client connected; view {View}.")]
    public static partial void ClientConnected(ILogger logger, ClusterView view);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "No active silo in the membership table yet; the client keeps looking.")]
    public static partial void ClientWaitingForSilos(ILogger logger);
}
