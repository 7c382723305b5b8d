using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Sqlite;

/// <summary>Log events of the SQLite grain storage provider (event ids 4100-4199).</summary>
internal static partial class SqliteGrainStorageLog
{
    [LoggerMessage(
        EventId = 4100,
        Level = LogLevel.Information,
        Message = "SQLite grain storage {StorageName} opened {DataSource} (journal_mode=WAL, synchronous=FULL, MaxWritesPerCommit={MaxWritesPerCommit}, MaxPendingWrites={MaxPendingWrites})")]
    public static partial void Opened(ILogger logger, string storageName, string dataSource, int maxWritesPerCommit, int maxPendingWrites);

    [LoggerMessage(
        EventId = 4101,
        Level = LogLevel.Error,
        Message = "SQLite grain storage {StorageName} failed to commit a group of {WriteCount} writes; each of them failed with this exception")]
    public static partial void CommitFailed(ILogger logger, string storageName, int writeCount, Exception exception);

    [LoggerMessage(
        EventId = 4102,
        Level = LogLevel.Warning,
        Message = "SQLite grain storage {StorageName} was disposed with {WriteCount} writes still queued; they failed with ObjectDisposedException")]
    public static partial void QueuedWritesFailedOnDispose(ILogger logger, string storageName, int writeCount);
}
