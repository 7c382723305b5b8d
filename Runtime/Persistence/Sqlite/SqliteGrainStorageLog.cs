using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Sqlite;

/// <summary>
/// Log events of the SQLite grain storage provider. Event ids 1500–1599: grain storage's share of
/// the runtime's range (1000–1999, see <c>RuntimeLog</c>).
/// </summary>
internal static partial class SqliteGrainStorageLog
{
    [LoggerMessage(
        EventId = 1500,
        Level = LogLevel.Information,
        Message = "SQLite grain storage {StorageName} opened {DataSource} (journal_mode=WAL, synchronous=FULL, MaxWritesPerCommit={MaxWritesPerCommit}, MaxPendingWrites={MaxPendingWrites})")]
    public static partial void Opened(ILogger logger, string storageName, string dataSource, int maxWritesPerCommit, int maxPendingWrites);

    [LoggerMessage(
        EventId = 1501,
        Level = LogLevel.Error,
        Message = "SQLite grain storage {StorageName} failed to commit a group of {WriteCount} writes; each of them failed with this exception")]
    public static partial void CommitFailed(ILogger logger, string storageName, int writeCount, Exception exception);

    [LoggerMessage(
        EventId = 1502,
        Level = LogLevel.Warning,
        Message = "SQLite grain storage {StorageName} was disposed with {WriteCount} writes still queued; they failed with ObjectDisposedException")]
    public static partial void QueuedWritesFailedOnDispose(ILogger logger, string storageName, int writeCount);
}
