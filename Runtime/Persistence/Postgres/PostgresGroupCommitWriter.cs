using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LiveDash.Runtime.Postgres;

/// <summary>
/// The single writer of a PostgreSQL grain store: commits each group of queued writes, clears and
/// journal appends in one <see cref="NpgsqlBatch"/> (one round trip, one transaction, one WAL flush).
/// </summary>
/// <remarks>
/// <para>Queueing, grouping (up to <see cref="PostgresGrainStorageOptions.MaxWritesPerCommit"/>) and
/// answering the requests are <see cref="GroupCommitWriter"/>'s; this class sends one group.</para>
/// <para>A batch sent without an explicit transaction runs in PostgreSQL's implicit transaction: every
/// statement up to the protocol's single Sync message commits together, or none does. Each request is
/// one statement checking its own etag (<see cref="PostgresGrainStateSql"/>); a stale one changes
/// nothing and fails alone, the others commit. If the batch itself fails, every request in it fails
/// with that exception; nothing is retried, because after a connection loss the commit's outcome is
/// unknown and a retry could report a committed write as stale.</para>
/// <para>Durability: outcomes are published only after the reader has consumed the server's
/// ReadyForQuery, which PostgreSQL sends after the commit's WAL flush (synchronous_commit=on, the
/// default; a server configured with it off gives up this guarantee).</para>
/// <para>Lock order: statements run in (grain type, key, state name, table) order, the table being
/// grain_state before grain_journal, keeping the queue order of requests for the same record, so two
/// silos' groups never deadlock on each other's rows. A journal append locks its head row before its
/// entry rows (<see cref="PostgresJournalSql"/>), and every writer of those rows does the same.</para>
/// </remarks>
internal sealed class PostgresGroupCommitWriter : GroupCommitWriter
{
    private readonly string _storageName;
    private readonly NpgsqlDataSource _dataSource;
    private readonly Func<CancellationToken, Task> _ensureSchema;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a writer over <paramref name="dataSource"/>, which the caller owns.</summary>
    public PostgresGroupCommitWriter(
        string storageName,
        NpgsqlDataSource dataSource,
        Func<CancellationToken, Task> ensureSchema,
        PostgresGrainStorageOptions options,
        TimeProvider timeProvider,
        ILogger logger)
        : base(options.MaxWritesPerCommit, options.MaxPendingWrites)
    {
        _storageName = storageName;
        _dataSource = dataSource;
        _ensureSchema = ensureSchema;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Sends the group as one batch; returns once the server reported it committed.</summary>
    protected override async Task CommitGroupAsync(IReadOnlyList<GroupCommitWriteRequest> group)
    {
        // Stable sort: requests for one record keep their queue order, and every writer locks rows in one order.
        var ordered = group
            .OrderBy(r => r.GrainId.Type, StringComparer.Ordinal)
            .ThenBy(r => r.GrainId.Key, StringComparer.Ordinal)
            .ThenBy(r => r.StateName, StringComparer.Ordinal)
            .ThenBy(r => r.Operation == GrainStorageOperation.Append ? 1 : 0)
            .ToList();
        await _ensureSchema(CancellationToken.None);
        var modifiedAt = _timeProvider.GetUtcNow();
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlBatch(connection);
        foreach (var request in ordered)
        {
            command.BatchCommands.Add(request.Operation == GrainStorageOperation.Append
                ? AppendStatement(request, modifiedAt)
                : Statement(request, modifiedAt));
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

    /// <inheritdoc/>
    protected override ObjectDisposedException CreateDisposedException()
        => new(nameof(PostgresGrainStorage), $"PostgreSQL grain storage '{_storageName}' was disposed; the write was not committed.");

    /// <inheritdoc/>
    protected override void LogCommitFailed(int writeCount, Exception exception)
        => PostgresGrainStorageLog.CommitFailed(_logger, _storageName, writeCount, exception);

    /// <inheritdoc/>
    protected override void LogQueuedWritesFailedOnDispose(int writeCount)
        => PostgresGrainStorageLog.QueuedWritesFailedOnDispose(_logger, _storageName, writeCount);

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

    /// <summary>The one statement that appends <paramref name="request"/> to its journal if its expected version is current.</summary>
    private static NpgsqlBatchCommand AppendStatement(GroupCommitWriteRequest request, DateTimeOffset modifiedAt)
    {
        var first = request.ExpectedVersion == 0;
        var statement = new NpgsqlBatchCommand(first ? PostgresJournalSql.AppendFirst : PostgresJournalSql.AppendNext);
        var parameters = statement.Parameters;
        parameters.Add(new NpgsqlParameter<string> { TypedValue = request.GrainId.Type, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = request.GrainId.Key, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = request.StateName, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = request.JournalRow, NpgsqlDbType = NpgsqlDbType.Bytea });
        parameters.Add(new NpgsqlParameter<bool> { TypedValue = request.Snapshot is not null, NpgsqlDbType = NpgsqlDbType.Boolean });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = modifiedAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        if (!first)
        {
            parameters.Add(new NpgsqlParameter<long> { TypedValue = request.ExpectedVersion, NpgsqlDbType = NpgsqlDbType.Bigint });
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

        if (request.Operation == GrainStorageOperation.Append)
        {
            var storedVersion = outcome is (false, var head) ? head : 0;
            request.StageRejected(GrainStorageErrors.JournalVersionMismatch(request.StateName, request.GrainId, storedVersion, request.ExpectedVersion));
            return;
        }

        var storedEtag = outcome is (false, var stored) ? GrainStorageEtag.Format(stored) : null;
        request.StageRejected(GrainStorageErrors.EtagMismatch(
            request.Operation, request.StateName, request.GrainId, storedEtag, request.PresentedEtag));
    }
}
