using LiveDash.Runtime.Placement;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Membership;

/// <summary>Membership and failure-detection log messages (event ids 1100–1199).</summary>
internal static partial class MembershipLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Cluster view changed: {View}.")]
    public static partial void ViewChanged(ILogger logger, LiveDash.Runtime.Placement.ClusterView view);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Reading the membership table failed; the next notification or poll retries.")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "A cluster view listener threw.")]
    public static partial void ViewListenerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Silo {Silo} joined the membership table as {Status}.")]
    public static partial void Joined(ILogger logger, SiloAddress silo, SiloStatus status);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Silo {Silo} is now {Status}.")]
    public static partial void StatusWritten(ILogger logger, SiloAddress silo, SiloStatus status);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Silo {Silo} missed {Missed} probes in a row; voting it dead.")]
    public static partial void Suspecting(ILogger logger, SiloAddress silo, int missed);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Declared silo {Silo} dead ({Votes} of {Needed} votes).")]
    public static partial void DeclaredDead(ILogger logger, SiloAddress silo, int votes, int needed);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Declared silo {Silo} dead alone: it stayed unreachable from this older silo while the other votes never came (a partition between the two).")]
    public static partial void DeclaredDeadAlone(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Critical, Message = "This silo ({Silo}) is marked Dead in the membership table; it stops.")]
    public static partial void ReadSelfDead(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Warning, Message = "A membership step failed ({Step}); it is retried.")]
    public static partial void StepFailed(ILogger logger, Exception exception, string step);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Information, Message = "Deleted {Count} rows of silos dead for longer than the defunct-silo expiration.")]
    public static partial void DefunctRowsDeleted(ILogger logger, int count);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "Declared an earlier incarnation of this silo, {Silo}, dead.")]
    public static partial void DeclaredPredecessorDead(ILogger logger, SiloAddress silo);
}
