using System.Data;
using LiveDash.Runtime.Serialization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveDash.Runtime.Sqlite;

/// <summary>
/// The embedded grain storage provider: one SQLite database file, table <c>grain_state</c>, one
/// row per (grain type, grain key, state name) whose <c>version</c> is the etag; journals in tables
/// <c>grain_journal</c> and <c>grain_journal_entry</c> (see <see cref="SqliteJournalSql"/>).
/// </summary>
/// <remarks>
/// <para>Writes, clears and journal appends from all activations are group-committed by a single writer: each
/// transaction carries up to <see cref="SqliteGrainStorageOptions.MaxWritesPerCommit"/> of them and
/// is fsynced (WAL, synchronous=FULL) before any of them completes. A request whose etag is stale
/// fails alone with <see cref="InconsistentStateException"/>; the rest of its group commits.</para>
/// <para>Reads run on their own pooled connections beside the writer (WAL readers see the last
/// commit and never wait for the writer).</para>
/// <para>Cancellation: a write cancelled before the writer picks it up is not written and its task
/// is cancelled; once picked up it completes with the commit's outcome.</para>
/// <para>Dispose stops the writer after its current group; writes still queued fail with
/// <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed class SqliteGrainStorage : IGrainStorage, IJournalStorage, IAsyncDisposable, IDisposable
{
    private readonly string _name;
    private readonly string _readConnectionString;
    private readonly GroupCommitStateOperations _operations;
    private readonly SqliteGroupCommitWriter _writer;
    private int _disposed;

    /// <summary>
    /// Opens (creating when missing) the database named by <paramref name="options"/>, creates the
    /// table if absent and starts the writer.
    /// </summary>
    /// <param name="name">The provider's name, used in logs and errors.</param>
    /// <param name="options">Validated here; an invalid value throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>.</param>
    /// <param name="serializer">Turns state into the stored payload and back.</param>
    /// <param name="logger">Receives the effective options at start and commit failures; none when null.</param>
    /// <param name="timeProvider">Stamps <c>modified_at_ms</c>; the system clock when null.</param>
    public SqliteGrainStorage(
        string name,
        SqliteGrainStorageOptions options,
        RuntimeJsonSerializer serializer,
        ILogger<SqliteGrainStorage>? logger = null,
        TimeProvider? timeProvider = null)
        : this(name, options, serializer, logger, timeProvider, startWriter: true)
    {
    }

    /// <summary>
    /// As the public constructor; with <paramref name="startWriter"/> false, writes queue up until
    /// <see cref="StartWriter"/> is called, which lets tests put many requests in one group commit.
    /// </summary>
    internal SqliteGrainStorage(
        string name,
        SqliteGrainStorageOptions options,
        RuntimeJsonSerializer serializer,
        ILogger<SqliteGrainStorage>? logger,
        TimeProvider? timeProvider,
        bool startWriter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        SqliteGrainStorageOptionsValidator.ThrowIfInvalid(name, options);

        _name = name;
        var log = (ILogger?)logger ?? NullLogger.Instance;

        var connection = new SqliteConnectionStringBuilder(options.ConnectionString);
        var dataSource = connection.DataSource;

        // A "file:" URI is SQLite's to resolve; only a plain path names a directory we can create.
        if (!dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        // The writer holds its connection for the store's lifetime, so pooling it gains nothing and
        // would keep the file open after Dispose. Readers are short-lived: pooled.
        connection.Pooling = false;
        var writeConnectionString = connection.ToString();
        connection.Pooling = true;
        _readConnectionString = connection.ToString();

        _writer = new SqliteGroupCommitWriter(name, writeConnectionString, options, timeProvider ?? TimeProvider.System, log);
        _operations = new GroupCommitStateOperations(serializer, _writer);
        if (startWriter)
        {
            _writer.Start();
        }

        SqliteGrainStorageLog.Opened(log, name, dataSource, options.MaxWritesPerCommit, options.MaxPendingWrites);
    }

    /// <summary>Group commits made so far; lets tests see how requests were grouped.</summary>
    internal long CommitCount => _writer.CommitCount;

    /// <inheritdoc />
    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        long? version = null;
        byte[]? payload = null;
        await using (var connection = new SqliteConnection(_readConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = SqliteGrainStateSql.SelectRecord;
            command.Parameters.AddWithValue("@grain_type", grainId.Type);
            command.Parameters.AddWithValue("@grain_key", grainId.Key);
            command.Parameters.AddWithValue("@state_name", stateName);
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

        await using (var connection = new SqliteConnection(_readConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = SqliteJournalSql.SelectJournal;
            command.Parameters.AddWithValue("@grain_type", grainId.Type);
            command.Parameters.AddWithValue("@grain_key", grainId.Key);
            command.Parameters.AddWithValue("@state_name", stateName);
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
    /// <see cref="ObjectDisposedException"/>, and closes the database's connections.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.DisposeAsync();

        // Idle pooled readers would otherwise keep the file open (and undeletable on some systems).
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
        GC.SuppressFinalize(this);
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>: blocks until the writer has stopped.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override string ToString() => $"SqliteGrainStorage({_name})";
}
