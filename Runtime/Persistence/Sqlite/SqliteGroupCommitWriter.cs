using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Sqlite;

/// <summary>
/// The single writer of a SQLite grain store: owns the write connection and commits each group of
/// queued writes, clears and journal appends in one transaction (one fsync).
/// </summary>
/// <remarks>
/// <para>Queueing, grouping (up to <see cref="SqliteGrainStorageOptions.MaxWritesPerCommit"/>) and
/// answering the requests are <see cref="GroupCommitWriter"/>'s; this class runs one group's
/// conditional statements inside a transaction.</para>
/// <para>Threading: the connection and the prepared commands are used only by the loop, one batch
/// at a time. Commits are synchronous (Microsoft.Data.Sqlite has no truly asynchronous I/O), so
/// the loop holds one thread-pool thread for the duration of each fsync.</para>
/// </remarks>
internal sealed class SqliteGroupCommitWriter : GroupCommitWriter
{
    private readonly string _storageName;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertFirstVersion;
    private readonly SqliteCommand _updateIfVersion;
    private readonly SqliteCommand _selectVersion;
    private readonly SqliteCommand _insertJournalHead;
    private readonly SqliteCommand _updateJournalHead;
    private readonly SqliteCommand _insertJournalRow;
    private readonly SqliteCommand _deleteJournalRows;
    private readonly SqliteCommand _selectJournalVersion;

    /// <summary>Opens the write connection, creates the tables if absent and prepares the statements.</summary>
    public SqliteGroupCommitWriter(
        string storageName,
        string connectionString,
        SqliteGrainStorageOptions options,
        TimeProvider timeProvider,
        ILogger logger)
        : base(options.MaxWritesPerCommit, options.MaxPendingWrites)
    {
        _storageName = storageName;
        _timeProvider = timeProvider;
        _logger = logger;
        _connection = new SqliteConnection(connectionString);
        try
        {
            _connection.Open();
            Initialize(_connection);
            _insertFirstVersion = Prepare(SqliteGrainStateSql.InsertFirstVersion, changesRecord: true, checksVersion: false);
            _updateIfVersion = Prepare(SqliteGrainStateSql.UpdateIfVersion, changesRecord: true, checksVersion: true);
            _selectVersion = Prepare(SqliteGrainStateSql.SelectVersion, changesRecord: false, checksVersion: false);
            _insertJournalHead = PrepareJournal(SqliteJournalSql.InsertHead, "@is_snapshot", "@modified_at_ms");
            _updateJournalHead = PrepareJournal(SqliteJournalSql.UpdateHead, "@is_snapshot", "@modified_at_ms", "@expected_version");
            _insertJournalRow = PrepareJournal(SqliteJournalSql.InsertRow, "@version", "@payload");
            _deleteJournalRows = PrepareJournal(SqliteJournalSql.DeleteRowsBefore, "@version");
            _selectJournalVersion = PrepareJournal(SqliteJournalSql.SelectVersion);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs the group in one transaction; returns once it has committed.</summary>
    /// <remarks>Synchronous: the fsync holds the loop's thread (see the class remarks).</remarks>
    protected override Task CommitGroupAsync(IReadOnlyList<GroupCommitWriteRequest> group)
    {
        var modifiedAtMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

        // BEGIN IMMEDIATE: take the write lock up front rather than failing to upgrade mid-batch.
        using var transaction = _connection.BeginTransaction(deferred: false);
        _insertFirstVersion.Transaction = transaction;
        _updateIfVersion.Transaction = transaction;
        _selectVersion.Transaction = transaction;
        _insertJournalHead.Transaction = transaction;
        _updateJournalHead.Transaction = transaction;
        _insertJournalRow.Transaction = transaction;
        _deleteJournalRows.Transaction = transaction;
        _selectJournalVersion.Transaction = transaction;
        foreach (var request in group)
        {
            if (request.Operation == GrainStorageOperation.Append)
            {
                ApplyAppend(request, modifiedAtMs);
            }
            else
            {
                Apply(request, modifiedAtMs);
            }
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>Closes the statements and the write connection, once the loop no longer uses them.</summary>
    protected override async ValueTask ReleaseResourcesAsync()
    {
        _insertFirstVersion.Dispose();
        _updateIfVersion.Dispose();
        _selectVersion.Dispose();
        _insertJournalHead.Dispose();
        _updateJournalHead.Dispose();
        _insertJournalRow.Dispose();
        _deleteJournalRows.Dispose();
        _selectJournalVersion.Dispose();
        await _connection.DisposeAsync();
    }

    /// <inheritdoc/>
    protected override ObjectDisposedException CreateDisposedException()
        => new(nameof(SqliteGrainStorage), $"SQLite grain storage '{_storageName}' was disposed; the write was not committed.");

    /// <inheritdoc/>
    protected override void LogCommitFailed(int writeCount, Exception exception)
        => SqliteGrainStorageLog.CommitFailed(_logger, _storageName, writeCount, exception);

    /// <inheritdoc/>
    protected override void LogQueuedWritesFailedOnDispose(int writeCount)
        => SqliteGrainStorageLog.QueuedWritesFailedOnDispose(_logger, _storageName, writeCount);

    private static void Initialize(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SqliteGrainStateSql.SetJournalModeWal;
        var journalMode = Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite grain storage needs journal_mode=WAL (readers run beside the writer), but the database at '{connection.DataSource}' reports '{journalMode}'. "
                + "WAL needs a local file system with shared-memory support; check SqliteGrainStorageOptions.ConnectionString.");
        }

        command.CommandText = SqliteGrainStateSql.SetSynchronousFull;
        command.ExecuteNonQuery();
        command.CommandText = SqliteGrainStateSql.CreateTable;
        command.ExecuteNonQuery();
        command.CommandText = SqliteJournalSql.CreateTables;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, bool changesRecord, bool checksVersion)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("@grain_type", SqliteType.Text);
        command.Parameters.Add("@grain_key", SqliteType.Text);
        command.Parameters.Add("@state_name", SqliteType.Text);
        if (changesRecord)
        {
            command.Parameters.Add("@payload", SqliteType.Blob);
            command.Parameters.Add("@modified_at_ms", SqliteType.Integer);
        }

        if (checksVersion)
        {
            command.Parameters.Add("@expected_version", SqliteType.Integer);
        }

        command.Prepare();
        return command;
    }

    private SqliteCommand PrepareJournal(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("@grain_type", SqliteType.Text);
        command.Parameters.Add("@grain_key", SqliteType.Text);
        command.Parameters.Add("@state_name", SqliteType.Text);
        foreach (var name in parameters)
        {
            command.Parameters.Add(name, name == "@payload" ? SqliteType.Blob : SqliteType.Integer);
        }

        command.Prepare();
        return command;
    }

    /// <summary>Runs one journal append inside the group's transaction (see <see cref="SqliteJournalSql"/>).</summary>
    private void ApplyAppend(GroupCommitWriteRequest request, long modifiedAtMs)
    {
        var expectedVersion = request.ExpectedVersion;
        var isSnapshot = request.Snapshot is not null;
        var head = expectedVersion == 0 ? _insertJournalHead : _updateJournalHead;
        BindKey(head, request);
        head.Parameters["@is_snapshot"].Value = isSnapshot;
        head.Parameters["@modified_at_ms"].Value = modifiedAtMs;
        if (expectedVersion != 0)
        {
            head.Parameters["@expected_version"].Value = expectedVersion;
        }

        if (head.ExecuteNonQuery() != 1)
        {
            // Rejected: the head was not changed, so this append leaves nothing behind.
            BindKey(_selectJournalVersion, request);
            var stored = _selectJournalVersion.ExecuteScalar() is long version ? version : 0;
            request.StageRejected(GrainStorageErrors.JournalVersionMismatch(request.StateName, request.GrainId, stored, expectedVersion));
            return;
        }

        var newVersion = expectedVersion + 1;
        BindKey(_insertJournalRow, request);
        _insertJournalRow.Parameters["@version"].Value = newVersion;
        _insertJournalRow.Parameters["@payload"].Value = request.JournalRow;
        _insertJournalRow.ExecuteNonQuery();
        if (isSnapshot)
        {
            BindKey(_deleteJournalRows, request);
            _deleteJournalRows.Parameters["@version"].Value = newVersion;
            _deleteJournalRows.ExecuteNonQuery();
        }

        request.StageCommitted(newVersion);
    }

    /// <summary>Runs one request's conditional statement inside the group's transaction.</summary>
    private void Apply(GroupCommitWriteRequest request, long modifiedAtMs)
    {
        if (request.PresentedEtag is null)
        {
            BindChange(_insertFirstVersion, request, modifiedAtMs);
            if (_insertFirstVersion.ExecuteNonQuery() == 1)
            {
                request.StageCommitted(GrainStorageEtag.FirstVersion);
                return;
            }
        }
        else if (GrainStorageEtag.TryParse(request.PresentedEtag, out var expectedVersion))
        {
            BindChange(_updateIfVersion, request, modifiedAtMs);
            _updateIfVersion.Parameters["@expected_version"].Value = expectedVersion;
            if (_updateIfVersion.ExecuteNonQuery() == 1)
            {
                request.StageCommitted(expectedVersion + 1);
                return;
            }
        }

        // Rejected (an etag this store never issued is rejected too): the statement changed no row,
        // so this request leaves nothing behind and the rest of the group is unaffected.
        BindKey(_selectVersion, request);
        var stored = _selectVersion.ExecuteScalar();
        var storedEtag = stored is long version ? GrainStorageEtag.Format(version) : null;
        request.StageRejected(GrainStorageErrors.EtagMismatch(
            request.Operation, request.StateName, request.GrainId, storedEtag, request.PresentedEtag));
    }

    private static void BindKey(SqliteCommand command, GroupCommitWriteRequest request)
    {
        var parameters = command.Parameters;
        parameters["@grain_type"].Value = request.GrainId.Type;
        parameters["@grain_key"].Value = request.GrainId.Key;
        parameters["@state_name"].Value = request.StateName;
    }

    private static void BindChange(SqliteCommand command, GroupCommitWriteRequest request, long modifiedAtMs)
    {
        BindKey(command, request);
        var parameters = command.Parameters;
        parameters["@payload"].Value = (object?)request.Payload ?? DBNull.Value;
        parameters["@modified_at_ms"].Value = modifiedAtMs;
    }
}
