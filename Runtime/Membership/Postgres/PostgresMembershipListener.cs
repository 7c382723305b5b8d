using Microsoft.Extensions.Logging;
using Npgsql;

namespace LiveDash.Runtime.Membership.Postgres;

/// <summary>
/// One subscription to membership changes: a dedicated connection that <c>LISTEN</c>s on
/// <see cref="PostgresMembershipSql.Channel"/> and calls the subscriber for its cluster id's notifications.
/// </summary>
/// <remarks>
/// <para>A loop waits on the connection (<see cref="NpgsqlConnection.WaitAsync(TimeSpan, CancellationToken)"/>),
/// pinging it after every <see cref="PingInterval"/> of silence so a connection that died without a
/// word is noticed. When the connection fails, the loop reconnects with exponential backoff
/// (<see cref="InitialRetryDelay"/> doubling to <see cref="MaxRetryDelay"/>) and, once listening
/// again, calls the subscriber once: notifications sent while it was away are lost for good.</para>
/// <para>The subscriber runs on the thread pool, never on the loop (a slow subscriber must not delay
/// the next wait) and never concurrently with itself: signals that arrive while it runs coalesce into
/// one more call.</para>
/// </remarks>
internal sealed class PostgresMembershipListener : IAsyncDisposable
{
    /// <summary>The first reconnect delay; doubled per failed attempt.</summary>
    public static readonly TimeSpan InitialRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest reconnect delay.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Silence after which the connection is pinged.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _clusterId;
    private readonly CoalescingCallback _callback;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stopping = new();
    private NpgsqlConnection? _connection;
    private Task _loop = Task.CompletedTask;
    private int _processId;
    private int _disposed;
    private long _reconnectCount;

    public PostgresMembershipListener(NpgsqlDataSource dataSource, string clusterId, Action changed, ILogger logger, TimeProvider timeProvider)
    {
        _dataSource = dataSource;
        _clusterId = clusterId;
        _callback = new CoalescingCallback(changed, ex => PostgresMembershipLog.SubscriberFailed(logger, clusterId, ex));
        _logger = logger;
        _timeProvider = timeProvider;
    }

    /// <summary>The server process id of the current listening connection (0 while reconnecting).</summary>
    public int BackendProcessId => Volatile.Read(ref _processId);

    /// <summary>Successful reconnects after a lost connection.</summary>
    public long ReconnectCount => Interlocked.Read(ref _reconnectCount);

    /// <summary>Listens (so changes committed after this completes are delivered), then starts the loop.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _connection = await ListenAsync(cancellationToken);

        // The caller's token bounds the start only; the loop runs until DisposeAsync.
        _loop = Task.Run(RunAsync, CancellationToken.None);
    }

    /// <summary>Stops the loop and closes the connection; the subscriber is not called after this completes, except a call already running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _callback.Stop();
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            connection.Notification += OnNotification;
            await using (var command = new NpgsqlCommand(PostgresMembershipSql.Listen, connection))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            Volatile.Write(ref _processId, connection.ProcessID);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        var connection = _connection;
        var retryDelay = InitialRetryDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (connection is null)
                {
                    connection = await ListenAsync(stopping);
                    Interlocked.Increment(ref _reconnectCount);
                    retryDelay = InitialRetryDelay;
                    PostgresMembershipLog.ListenerReconnected(_logger, _clusterId, connection.ProcessID);

                    // Changes made while no connection listened were never delivered.
                    Signal();
                }

                if (!await connection.WaitAsync(PingInterval, stopping))
                {
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteNonQueryAsync(stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Volatile.Write(ref _processId, 0);
                PostgresMembershipLog.ListenerConnectionLost(_logger, _clusterId, retryDelay, ex);
                await CloseAsync(connection);
                connection = null;
                try
                {
                    await Task.Delay(retryDelay, _timeProvider, stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }

        await CloseAsync(connection);
    }

    private async Task CloseAsync(NpgsqlConnection? connection)
    {
        if (connection is null)
        {
            return;
        }

        connection.Notification -= OnNotification;
        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception)
        {
            // Closing a broken connection may throw; it is gone either way.
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (string.Equals(e.Payload, _clusterId, StringComparison.Ordinal))
        {
            Signal();
        }
    }

    private void Signal() => _callback.Signal();
}
