using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LiveDash.Runtime.Postgres;

/// <summary>
/// The single writer of a PostgreSQL grain store: commits queued writes and clears in groups, one
/// <see cref="NpgsqlBatch"/> (one round trip, one transaction, one WAL flush) per group.
/// </summary>
/// <remarks>
/// <para>Callers enqueue into a bounded channel (they wait when it is full). One loop drains it: it
/// takes whatever is queued, up to <see cref="PostgresGrainStorageOptions.MaxWritesPerCommit"/>,
/// without waiting for more, so a lone write is committed at once and a burst shares one commit.</para>
/// <para>A batch sent without an explicit transaction runs in PostgreSQL's implicit transaction: every
/// statement up to the protocol's single Sync message commits together, or none does. Each request is
/// one statement checking its own etag (<see cref="PostgresGrainStateSql"/>); a stale one changes
/// nothing and fails alone, the others commit. If the batch itself fails, every request in it fails
/// with that exception; nothing is retried, because after a connection loss the commit's outcome is
/// unknown and a retry could report a committed write as stale.</para>
/// <para>Durability: outcomes are published only after the reader has consumed the server's
/// ReadyForQuery, which PostgreSQL sends after the commit's WAL flush (synchronous_commit=on, the
/// default; a server configured with it off gives up this guarantee).</para>
/// <para>Lock order: statements run in (grain type, key, state name) order, keeping the queue order of
/// requests for the same record, so two silos' groups never deadlock on each other's rows.</para>
/// </remarks>
internal sealed class PostgresGroupCommitWriter : IAsyncDisposable
{
    private readonly string _storageName;
    private readonly int _maxWritesPerCommit;
    private readonly NpgsqlDataSource _dataSource;
    private readonly Func<CancellationToken, Task> _ensureSchema;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<GroupCommitWriteRequest> _queue;
    private Task _loop = Task.CompletedTask;
    private int _started;
    private int _disposed;
    private long _commitCount;
    private long _committedRequestCount;

    /// <summary>Creates a writer over <paramref name="dataSource"/>, which the caller owns.</summary>
    public PostgresGroupCommitWriter(
        string storageName,
        NpgsqlDataSource dataSource,
        Func<CancellationToken, Task> ensureSchema,
        PostgresGrainStorageOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _storageName = storageName;
        _dataSource = dataSource;
        _ensureSchema = ensureSchema;
        _maxWritesPerCommit = options.MaxWritesPerCommit;
        _timeProvider = timeProvider;
        _logger = logger;
        _queue = Channel.CreateBounded<GroupCommitWriteRequest>(new BoundedChannelOptions(options.MaxPendingWrites)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,

            // The loop's wake-up must not run inline on an enqueuing grain's thread: it would run
            // the commit inside that grain's turn.
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>Group commits (round trips carrying at least one request) made so far.</summary>
    public long CommitCount => Interlocked.Read(ref _commitCount);

    /// <summary>Requests answered by a successful group commit (committed or rejected on their etag).</summary>
    public long CommittedRequestCount => Interlocked.Read(ref _committedRequestCount);

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
    /// Stops accepting requests, lets the group being committed finish, and fails every request
    /// still queued with <see cref="ObjectDisposedException"/>.
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
                await CommitAsync(batch);
            }

            batch.Clear();
        }

        if (failedOnDispose > 0)
        {
            PostgresGrainStorageLog.QueuedWritesFailedOnDispose(_logger, _storageName, failedOnDispose);
        }
    }

    private async Task CommitAsync(List<GroupCommitWriteRequest> batch)
    {
        // Stable sort: requests for one record keep their queue order, and every writer locks rows in one order.
        var ordered = batch
            .OrderBy(r => r.GrainId.Type, StringComparer.Ordinal)
            .ThenBy(r => r.GrainId.Key, StringComparer.Ordinal)
            .ThenBy(r => r.StateName, StringComparer.Ordinal)
            .ToList();
        try
        {
            await _ensureSchema(CancellationToken.None);
            var modifiedAt = _timeProvider.GetUtcNow();
            await using var connection = await _dataSource.OpenConnectionAsync();
            await using var command = new NpgsqlBatch(connection);
            foreach (var request in ordered)
            {
                command.BatchCommands.Add(Statement(request, modifiedAt));
            }

            await using (var reader = await command.ExecuteReaderAsync())
            {
                foreach (var request in ordered)
                {
                    Stage(request, await reader.ReadAsync() ? (reader.GetBoolean(0), reader.GetInt64(1)) : null);
                    await reader.NextResultAsync();
                }

                // Past the last result the reader consumes ReadyForQuery, which the server sends only
                // once the implicit transaction has committed; a commit failure surfaces here.
                while (await reader.NextResultAsync())
                {
                }
            }
        }
        catch (Exception ex)
        {
            // Answer the callers before logging: nothing may leave a request unanswered.
            foreach (var request in batch)
            {
                request.Fail(ex);
            }

            PostgresGrainStorageLog.CommitFailed(_logger, _storageName, batch.Count, ex);
            return;
        }

        Interlocked.Increment(ref _commitCount);
        Interlocked.Add(ref _committedRequestCount, batch.Count);
        foreach (var request in batch)
        {
            request.Publish();
        }
    }

    /// <summary>The one statement that applies <paramref name="request"/> if its etag is current.</summary>
    private static NpgsqlBatchCommand Statement(GroupCommitWriteRequest request, DateTimeOffset modifiedAt)
    {
        string sql;
        long expectedVersion = 0;
        if (request.PresentedEtag is null)
        {
            sql = PostgresGrainStateSql.InsertFirstVersion;
        }
        else if (GrainStorageEtag.TryParse(request.PresentedEtag, out expectedVersion))
        {
            sql = PostgresGrainStateSql.UpdateIfVersion;
        }
        else
        {
            // An etag this store never issued is rejected without touching the record.
            sql = PostgresGrainStateSql.SelectRejected;
        }

        var statement = new NpgsqlBatchCommand(sql);
        var parameters = statement.Parameters;
        parameters.Add(new NpgsqlParameter<string> { TypedValue = request.GrainId.Type, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = request.GrainId.Key, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = request.StateName, NpgsqlDbType = NpgsqlDbType.Text });
        if (!ReferenceEquals(sql, PostgresGrainStateSql.SelectRejected))
        {
            // A clear stores NULL: the tombstone.
            parameters.Add(new NpgsqlParameter { Value = (object?)request.Payload ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
            parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = modifiedAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        }

        if (ReferenceEquals(sql, PostgresGrainStateSql.UpdateIfVersion))
        {
            parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion, NpgsqlDbType = NpgsqlDbType.Bigint });
        }

        return statement;
    }

    /// <summary>Stages the outcome of one statement: (committed, version), or no row (rejected, no record).</summary>
    private static void Stage(GroupCommitWriteRequest request, (bool Committed, long Version)? outcome)
    {
        if (outcome is (true, var version))
        {
            request.StageCommitted(version);
            return;
        }

        var storedEtag = outcome is (false, var stored) ? GrainStorageEtag.Format(stored) : null;
        request.StageRejected(GrainStorageErrors.EtagMismatch(
            request.Operation, request.StateName, request.GrainId, storedEtag, request.PresentedEtag));
    }

    private ObjectDisposedException Disposed()
        => new(nameof(PostgresGrainStorage), $"PostgreSQL grain storage '{_storageName}' was disposed; the write was not committed.");
}
