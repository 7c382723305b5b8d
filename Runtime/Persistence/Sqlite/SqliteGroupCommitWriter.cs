using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Sqlite;

/// <summary>
/// The single writer of a SQLite grain store: owns the write connection and commits queued writes
/// and clears in groups, one transaction (one fsync) per group.
/// </summary>
/// <remarks>
/// <para>Callers enqueue into a bounded channel (they wait when it is full). One loop drains it:
/// it takes whatever is queued, up to <see cref="SqliteGrainStorageOptions.MaxWritesPerCommit"/>,
/// without waiting for more, so a lone write is committed at once and a burst shares one commit.</para>
/// <para>Inside the transaction each request checks its own etag with a conditional statement; a
/// request that fails the check changes nothing and fails alone, the others commit. If the
/// transaction itself fails, every request in it fails with that exception. Outcomes are published
/// only after the commit returns, so a completed write is durable.</para>
/// <para>Threading: the connection and the prepared commands are used only by the loop, one batch
/// at a time. Commits are synchronous (Microsoft.Data.Sqlite has no truly asynchronous I/O), so
/// the loop holds one thread-pool thread for the duration of each fsync.</para>
/// </remarks>
internal sealed class SqliteGroupCommitWriter : IAsyncDisposable
{
    private readonly string _storageName;
    private readonly int _maxWritesPerCommit;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<GroupCommitWriteRequest> _queue;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertFirstVersion;
    private readonly SqliteCommand _updateIfVersion;
    private readonly SqliteCommand _selectVersion;
    private Task _loop = Task.CompletedTask;
    private int _started;
    private int _disposed;
    private long _commitCount;

    /// <summary>Opens the write connection, creates the table if absent and prepares the statements.</summary>
    public SqliteGroupCommitWriter(
        string storageName,
        string connectionString,
        SqliteGrainStorageOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _storageName = storageName;
        _maxWritesPerCommit = options.MaxWritesPerCommit;
        _timeProvider = timeProvider;
        _logger = logger;
        _queue = Channel.CreateBounded<GroupCommitWriteRequest>(new BoundedChannelOptions(options.MaxPendingWrites)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,

            // The loop's wake-up must not run inline on an enqueuing grain's thread: it would run
            // the commit (and its fsync) inside that grain's turn.
            AllowSynchronousContinuations = false,
        });

        _connection = new SqliteConnection(connectionString);
        try
        {
            _connection.Open();
            Initialize(_connection);
            _insertFirstVersion = Prepare(SqliteGrainStateSql.InsertFirstVersion, changesRecord: true, checksVersion: false);
            _updateIfVersion = Prepare(SqliteGrainStateSql.UpdateIfVersion, changesRecord: true, checksVersion: true);
            _selectVersion = Prepare(SqliteGrainStateSql.SelectVersion, changesRecord: false, checksVersion: false);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>Transactions committed so far (each holding at least one request).</summary>
    public long CommitCount => Interlocked.Read(ref _commitCount);

    /// <summary>Starts the loop; idempotent.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _loop = Task.Run(RunAsync);
        }
    }

    /// <summary>Queues <paramref name="request"/> and completes with its new version once committed.</summary>
    /// <exception cref="ObjectDisposedException">The store was disposed before the request was committed.</exception>
    public async Task<long> SubmitAsync(GroupCommitWriteRequest request)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw Disposed();
        }

        try
        {
            // Waits for room when MaxPendingWrites requests are queued; cancelling here queues nothing.
            await _queue.Writer.WriteAsync(request, request.CancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw Disposed();
        }

        using (request.CancellationToken.UnsafeRegister(static state => ((GroupCommitWriteRequest)state!).TryCancel(), request))
        {
            return await request.Completion;
        }
    }

    /// <summary>
    /// Stops accepting requests, lets the group being committed finish, fails every request still
    /// queued with <see cref="ObjectDisposedException"/>, then closes the connection.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();

        // A never-started loop still has to drain the queue to fail what is in it.
        Start();
        await _loop;

        _insertFirstVersion.Dispose();
        _updateIfVersion.Dispose();
        _selectVersion.Dispose();
        await _connection.DisposeAsync();
    }

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

    private async Task RunAsync()
    {
        var batch = new List<GroupCommitWriteRequest>(_maxWritesPerCommit);
        var failedOnDispose = 0;
        var reader = _queue.Reader;

        // WaitToReadAsync turns false only once DisposeAsync completed the channel and it is empty,
        // so every request that made it into the queue is answered.
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < _maxWritesPerCommit && reader.TryRead(out var request))
            {
                if (request.TryPick())
                {
                    batch.Add(request);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            if (Volatile.Read(ref _disposed) != 0)
            {
                failedOnDispose += batch.Count;
                var disposed = Disposed();
                foreach (var request in batch)
                {
                    request.Fail(disposed);
                }
            }
            else
            {
                Commit(batch);
            }

            batch.Clear();
        }

        if (failedOnDispose > 0)
        {
            SqliteGrainStorageLog.QueuedWritesFailedOnDispose(_logger, _storageName, failedOnDispose);
        }
    }

    private void Commit(List<GroupCommitWriteRequest> batch)
    {
        try
        {
            var modifiedAtMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

            // BEGIN IMMEDIATE: take the write lock up front rather than failing to upgrade mid-batch.
            using var transaction = _connection.BeginTransaction(deferred: false);
            _insertFirstVersion.Transaction = transaction;
            _updateIfVersion.Transaction = transaction;
            _selectVersion.Transaction = transaction;
            foreach (var request in batch)
            {
                Apply(request, modifiedAtMs);
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            // Answer the callers before logging: nothing may leave a request unanswered.
            foreach (var request in batch)
            {
                request.Fail(ex);
            }

            SqliteGrainStorageLog.CommitFailed(_logger, _storageName, batch.Count, ex);
            return;
        }

        Interlocked.Increment(ref _commitCount);
        foreach (var request in batch)
        {
            request.Publish();
        }
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

    private ObjectDisposedException Disposed()
        => new(nameof(SqliteGrainStorage), $"SQLite grain storage '{_storageName}' was disposed; the write was not committed.");
}
