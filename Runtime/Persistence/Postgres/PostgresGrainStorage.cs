using System.Data;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace LiveDash.Runtime.Postgres;

/// <summary>
/// The clustered grain storage provider: table <c>grain_state</c> in a PostgreSQL database, one row
/// per (grain type, grain key, state name) whose <c>version</c> is the etag; journals in tables
/// <c>grain_journal</c> and <c>grain_journal_entry</c> (see <see cref="PostgresJournalSql"/>).
/// </summary>
/// <remarks>
/// <para>The tables are created on first use when absent (safe when several silos start at once).</para>
/// <para>Writes, clears and journal appends from all activations are group-committed by a single writer: each group of
/// up to <see cref="PostgresGrainStorageOptions.MaxWritesPerCommit"/> goes to the server in one round
/// trip and commits in one transaction before any of them completes. A request whose etag is stale
/// fails alone with <see cref="InconsistentStateException"/>; the rest of its group commits.</para>
/// <para>Reads run on pooled connections beside the writer and see the last commit.</para>
/// <para>Cancellation: a write cancelled before the writer picks it up is not written and its task
/// is cancelled; once picked up it completes with the commit's outcome.</para>
/// <para>Dispose stops the writer after its current group; writes still queued fail with
/// <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed class PostgresGrainStorage : IGrainStorage, IJournalStorage, IAsyncDisposable, IDisposable
{
    private readonly string _name;
    private readonly GroupCommitStateOperations _operations;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresGroupCommitWriter _writer;
    private readonly Lock _schemaLock = new();
    private Task? _schema;
    private int _disposed;

    /// <summary>
    /// Creates the provider and starts its writer. Nothing connects yet: the table is created on the
    /// first read or write, so a silo can start while the database is still coming up.
    /// </summary>
    /// <param name="name">The provider's name, used in logs and errors.</param>
    /// <param name="options">Validated here; an invalid value throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>.</param>
    /// <param name="serializer">Turns state into the stored payload and back.</param>
    /// <param name="logger">Receives the effective options at start and commit failures; none when null.</param>
    /// <param name="timeProvider">Stamps <c>modified_at</c>; the system clock when null.</param>
    public PostgresGrainStorage(
        string name,
        PostgresGrainStorageOptions options,
        RuntimeJsonSerializer serializer,
        ILogger<PostgresGrainStorage>? logger = null,
        TimeProvider? timeProvider = null)
        : this(name, options, serializer, logger, timeProvider, startWriter: true)
    {
    }

    /// <summary>
    /// As the public constructor; with <paramref name="startWriter"/> false, writes queue up until
    /// <see cref="StartWriter"/> is called, which lets tests put many requests in one group commit.
    /// </summary>
    internal PostgresGrainStorage(
        string name,
        PostgresGrainStorageOptions options,
        RuntimeJsonSerializer serializer,
        ILogger<PostgresGrainStorage>? logger,
        TimeProvider? timeProvider,
        bool startWriter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        PostgresGrainStorageOptionsValidator.ThrowIfInvalid(name, options);

        _name = name;
        var log = (ILogger?)logger ?? NullLogger.Instance;
        _dataSource = NpgsqlDataSource.Create(DataSourceConnectionString(options));
        _writer = new PostgresGroupCommitWriter(name, _dataSource, EnsureSchemaAsync, options, timeProvider ?? TimeProvider.System, log);
        _operations = new GroupCommitStateOperations(serializer, _writer);
        if (startWriter)
        {
            _writer.Start();
        }

        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        PostgresGrainStorageLog.Opened(log, name, connection.Database, connection.Host, options.MaxWritesPerCommit, options.MaxPendingWrites);
    }

    /// <summary>Group commits (round trips, transactions) made so far; lets tests see how requests were grouped.</summary>
    internal long CommitCount => _writer.CommitCount;

    /// <summary>Writes and clears answered by successful group commits so far.</summary>
    internal long CommittedRequestCount => _writer.CommittedRequestCount;

    /// <inheritdoc />
    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        await EnsureSchemaAsync(cancellationToken);
        long? version = null;
        byte[]? payload = null;
        await using (var command = _dataSource.CreateCommand(PostgresGrainStateSql.SelectRecord))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName, NpgsqlDbType = NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                version = reader.GetInt64(0);
                payload = reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1);
            }
        }

        _operations.ApplyRead(grainState, version, payload);
    }

    /// <inheritdoc />
    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
        => _operations.WriteAsync(stateName, grainId, grainState, cancellationToken);

    /// <inheritdoc />
    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
        => _operations.ClearAsync(stateName, grainId, grainState, cancellationToken);

    /// <inheritdoc />
    public async Task<JournalRecord> ReadJournalAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        await EnsureSchemaAsync(cancellationToken);
        await using (var command = _dataSource.CreateCommand(PostgresJournalSql.SelectJournal))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName, NpgsqlDbType = NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await GroupCommitStateOperations.ReadJournalAsync(reader, stateName, grainId, cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task<long> AppendJournalAsync(string stateName, GrainId grainId, long expectedVersion, byte[] entry, byte[]? snapshot, CancellationToken cancellationToken)
        => _operations.AppendJournalAsync(stateName, grainId, expectedVersion, entry, snapshot, cancellationToken);

    /// <summary>Starts a writer created with <c>startWriter: false</c>; idempotent.</summary>
    internal void StartWriter() => _writer.Start();

    /// <summary>
    /// Stops the writer after the group it is committing, fails queued writes with
    /// <see cref="ObjectDisposedException"/>, and closes the provider's connections.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.DisposeAsync();
        await _dataSource.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>: blocks until the writer has stopped.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override string ToString() => $"PostgresGrainStorage({_name})";

    /// <summary>
    /// The provider's connection string: the configured one with its pool size, and automatic
    /// preparation of its few statements unless the configuration sets it. Every append and write
    /// is one of a handful of statements run thousands of times a second; unprepared, PostgreSQL
    /// parses and plans each one again.
    /// </summary>
    private static string DataSourceConnectionString(PostgresGrainStorageOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString) { MaxPoolSize = options.MaxConnections };
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Creates the tables once per provider. A failed attempt (database not up yet) is forgotten, so the
    /// next read or write tries again; the attempt itself ignores callers' cancellation, as it is shared.
    /// </summary>
    private Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        var schema = Volatile.Read(ref _schema);
        if (schema is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_schemaLock)
        {
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                _schema = PostgresSchema.CreateIfAbsentAsync(_dataSource, PostgresGrainStateSql.CreateTable + PostgresJournalSql.CreateTables, CancellationToken.None);
            }

            return _schema.WaitAsync(cancellationToken);
        }
    }
}
