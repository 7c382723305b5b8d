using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Postgres;

/// <summary>
/// Log events of the PostgreSQL grain storage provider. Event ids 1300–1319: the PostgreSQL share
/// (1300–1399) of the runtime's range (1000–1999, see <c>RuntimeLog</c>); membership has 1320–1339.
/// </summary>
internal static partial class PostgresGrainStorageLog
{
    [LoggerMessage(
        EventId = 1300,
        Level = LogLevel.Information,
        Message = "PostgreSQL grain storage {StorageName} uses database {Database} on {Host} (MaxWritesPerCommit={MaxWritesPerCommit}, MaxPendingWrites={MaxPendingWrites})")]
    public static partial void Opened(ILogger logger, string storageName, string? database, string? host, int maxWritesPerCommit, int maxPendingWrites);

    [LoggerMessage(
        EventId = 1301,
        Level = LogLevel.Error,
        Message = "PostgreSQL grain storage {StorageName} failed to commit a group of {WriteCount} writes; each of them failed with this exception")]
    public static partial void CommitFailed(ILogger logger, string storageName, int writeCount, Exception exception);

    [LoggerMessage(
        EventId = 1302,
        Level = LogLevel.Warning,
        Message = "PostgreSQL grain storage {StorageName} was disposed with {WriteCount} writes still queued; they failed with ObjectDisposedException")]
    public static partial void QueuedWritesFailedOnDispose(ILogger logger, string storageName, int writeCount);
}
