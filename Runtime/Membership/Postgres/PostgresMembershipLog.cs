using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Membership.Postgres;

/// <summary>
/// Log events of the PostgreSQL membership table. Event ids 1320–1339: the membership share of the
/// PostgreSQL range (1300–1399); grain storage has 1300–1319.
/// </summary>
internal static partial class PostgresMembershipLog
{
    [LoggerMessage(
        EventId = 1320,
        Level = LogLevel.Warning,
        Message = "Membership listener of cluster {ClusterId} lost its PostgreSQL connection; reconnecting in {RetryDelay} (changes are still seen by polling meanwhile)")]
    public static partial void ListenerConnectionLost(ILogger logger, string clusterId, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(
        EventId = 1321,
        Level = LogLevel.Information,
        Message = "Membership listener of cluster {ClusterId} reconnected (backend {ProcessId}); subscribers are told the table may have changed")]
    public static partial void ListenerReconnected(ILogger logger, string clusterId, int processId);

    [LoggerMessage(
        EventId = 1322,
        Level = LogLevel.Warning,
        Message = "A membership change subscriber of cluster {ClusterId} threw; it stays subscribed")]
    public static partial void SubscriberFailed(ILogger logger, string clusterId, Exception exception);

    [LoggerMessage(
        EventId = 1323,
        Level = LogLevel.Information,
        Message = "PostgreSQL membership table for cluster {ClusterId} uses database {Database} on {Host}")]
    public static partial void Opened(ILogger logger, string clusterId, string? database, string? host);
}
