using LiveDash.Runtime.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace LiveDash.Runtime.Membership.Postgres;

/// <summary>
/// The membership table of a multi-process cluster, in PostgreSQL: tables <c>membership_version</c>
/// and <c>membership_row</c>, shared by every cluster id in the database, with changes pushed to
/// subscribers by <c>LISTEN/NOTIFY</c> within milliseconds.
/// </summary>
/// <remarks>
/// <para>Each insert or update is one transaction: it bumps the cluster's version only if it is still
/// the expected one, then inserts or updates the silo's row only if its etag matches, and queues a
/// notification; if either condition misses, it rolls back and returns false. The version row is
/// locked by the first statement, so of concurrent writers at the same version exactly one wins.
/// The three statements go to the server in one round trip, the commit or rollback in a second.</para>
/// <para>Times are stored as <c>timestamptz</c>, which keeps microseconds: finer ticks are truncated.</para>
/// </remarks>
public sealed class PostgresMembershipTable : IMembershipTable, IAsyncDisposable
{
    private readonly string _clusterId;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _listenDataSource;
    private readonly List<PostgresMembershipListener> _listeners = [];
    private int _disposed;

    /// <summary>Creates the table's client; nothing connects until <see cref="InitializeAsync"/>.</summary>
    /// <param name="connectionString">The Npgsql connection string (<c>LiveDash:Cluster:Postgres</c>).</param>
    /// <param name="clusterId">The cluster id (<c>LiveDash:Cluster:ClusterId</c>); silos see only rows of their own.</param>
    /// <param name="logger">Receives listener reconnects and subscriber failures; none when null.</param>
    /// <param name="timeProvider">Times the listener's reconnect backoff; the system clock when null.</param>
    /// <exception cref="ArgumentException">The connection string names no Host, cannot be parsed, or the cluster id is empty.</exception>
    public PostgresMembershipTable(string connectionString, string clusterId, ILogger<PostgresMembershipTable>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        var problem = PostgresGrainStorageOptionsValidator.CheckConnectionString("LiveDash:Cluster:Postgres", connectionString);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(connectionString));
        }

        _clusterId = clusterId;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        // Membership traffic is a few statements a second: a small pool leaves the server's
        // connection limit to grain storage.
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 4 }.ConnectionString);

        // Listening connections live as long as their subscription: pooling them gains nothing, and a
        // pooled one would go back to the pool still subscribed if a reset were skipped.
        _listenDataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        PostgresMembershipLog.Opened(_logger, clusterId, builder.Database, builder.Host);
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await PostgresSchema.CreateIfAbsentAsync(_dataSource, PostgresMembershipSql.CreateTables, cancellationToken);
        await using var command = _dataSource.CreateCommand(PostgresMembershipSql.InsertVersion);
        command.Parameters.Add(Text(_clusterId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(PostgresMembershipSql.SelectAll);
        command.Parameters.Add(Text(_clusterId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long version = 0;
        var rows = new List<MembershipRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            version = reader.GetInt64(0);

            // The LEFT JOIN yields the version alone when the cluster has no rows.
            if (reader.IsDBNull(1))
            {
                continue;
            }

            var entry = new MembershipEntry
            {
                Silo = new SiloAddress(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)),
                Status = Enum.Parse<SiloStatus>(reader.GetString(4)),
                HostName = reader.GetString(5),
                StartTime = reader.GetFieldValue<DateTimeOffset>(6),
                IAmAliveTime = reader.GetFieldValue<DateTimeOffset>(7),
                Suspicions = PostgresSuspicionsJson.Read(reader.GetString(8)),
            };
            rows.Add(new MembershipRow(entry, reader.GetInt64(9)));
        }

        return new MembershipTableSnapshot(version, rows);
    }

    /// <inheritdoc />
    public Task<bool> TryInsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return TryChangeAsync(entry, expectedVersion, expectedEtag: null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryUpdateAsync(MembershipEntry entry, long expectedEtag, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return TryChangeAsync(entry, expectedVersion, expectedEtag, cancellationToken);
    }

    /// <inheritdoc />
    public async Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await using var command = _dataSource.CreateCommand(PostgresMembershipSql.UpdateIAmAlive);
        AddKey(command.Parameters, silo);
        command.Parameters.Add(Time(time));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(PostgresMembershipSql.DeleteDefunctRows);
        command.Parameters.Add(Text(_clusterId));
        command.Parameters.Add(Time(beforeDate));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Completes once the subscription's connection listens: every change committed after that is delivered.</remarks>
    public async Task<IAsyncDisposable> SubscribeAsync(Action changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var listener = new PostgresMembershipListener(_listenDataSource, _clusterId, changed, _logger, _timeProvider);
        await listener.StartAsync(cancellationToken);
        lock (_listeners)
        {
            _listeners.Add(listener);
        }

        return listener;
    }

    /// <summary>Ends every subscription still open and closes the table's connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        PostgresMembershipListener[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
            _listeners.Clear();
        }

        foreach (var listener in listeners)
        {
            await listener.DisposeAsync();
        }

        await _dataSource.DisposeAsync();
        await _listenDataSource.DisposeAsync();
    }

    /// <inheritdoc />
    public override string ToString() => $"PostgresMembershipTable({_clusterId})";

    private async Task<bool> TryChangeAsync(MembershipEntry entry, long expectedVersion, long? expectedEtag, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);

        var bump = new NpgsqlBatchCommand(PostgresMembershipSql.BumpVersion);
        bump.Parameters.Add(Text(_clusterId));
        bump.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion, NpgsqlDbType = NpgsqlDbType.Bigint });
        batch.BatchCommands.Add(bump);

        var change = new NpgsqlBatchCommand(expectedEtag is null ? PostgresMembershipSql.InsertRow : PostgresMembershipSql.UpdateRow);
        AddKey(change.Parameters, entry.Silo);
        change.Parameters.Add(Text(entry.Status.ToString()));
        change.Parameters.Add(Text(entry.HostName));
        change.Parameters.Add(Time(entry.StartTime));
        change.Parameters.Add(Time(entry.IAmAliveTime));
        change.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgresSuspicionsJson.Write(entry.Suspicions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        if (expectedEtag is long etag)
        {
            change.Parameters.Add(new NpgsqlParameter<long> { TypedValue = etag, NpgsqlDbType = NpgsqlDbType.Bigint });
        }

        batch.BatchCommands.Add(change);

        // Delivered to listeners only if the transaction commits.
        var notify = new NpgsqlBatchCommand(PostgresMembershipSql.Notify);
        notify.Parameters.Add(Text(_clusterId));
        batch.BatchCommands.Add(notify);

        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (bump.RecordsAffected != 1 || change.RecordsAffected != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private void AddKey(NpgsqlParameterCollection parameters, SiloAddress silo)
    {
        parameters.Add(Text(_clusterId));
        parameters.Add(Text(silo.Host));
        parameters.Add(new NpgsqlParameter<int> { TypedValue = silo.Port, NpgsqlDbType = NpgsqlDbType.Integer });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = silo.Generation, NpgsqlDbType = NpgsqlDbType.Bigint });
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    // Npgsql writes timestamptz only from UTC values.
    private static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset value) => new() { TypedValue = value.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
