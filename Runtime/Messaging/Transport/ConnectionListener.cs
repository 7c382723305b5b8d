using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>
/// Accepts inbound connections for one silo: binds, accepts, runs the acceptor's side of the
/// handshake (refusing another cluster, another incarnation's address and blocked peers), and starts
/// a <see cref="Connection"/> whose messages go to the handler. Usage: <see cref="Bind"/> (learn the
/// port, build the silo's address from it), then <see cref="Start"/>; <see cref="Stop"/> or
/// <see cref="Abort"/> at the end.
/// </summary>
internal sealed class ConnectionListener : IAsyncDisposable
{
    private readonly IPEndPoint _endPoint;
    private readonly string _clusterId;
    private readonly IMessageHandler _handler;
    private readonly PeerBlockList _blocks;
    private readonly TransportOptions _options;
    private readonly ILogger _logger;
    private readonly ClientConnectionDirectory? _clients;
    private readonly ConcurrentDictionary<Connection, bool> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private SiloAddress? _self;
    private Task _acceptLoop = Task.CompletedTask;

    /// <summary>
    /// Creates a listener for <paramref name="endPoint"/> (port 0 picks a free port at <see cref="Bind"/>);
    /// connections from cluster clients are entered in <paramref name="clients"/> when given.
    /// </summary>
    public ConnectionListener(
        IPEndPoint endPoint,
        string clusterId,
        IMessageHandler handler,
        PeerBlockList blocks,
        TransportOptions options,
        ILogger logger,
        ClientConnectionDirectory? clients = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        _clients = clients;
        _endPoint = endPoint;
        _clusterId = clusterId;
        _handler = handler;
        _blocks = blocks;
        _options = options;
        _logger = logger;
        _blocks.PeerBlocked += OnPeerBlocked;
    }

    /// <summary>The bound endpoint (with the real port), once <see cref="Bind"/> has run.</summary>
    public IPEndPoint? LocalEndPoint => (IPEndPoint?)_socket?.LocalEndPoint;

    /// <summary>The bound port, once <see cref="Bind"/> has run.</summary>
    public int Port => LocalEndPoint?.Port ?? throw new InvalidOperationException("The listener is not bound yet.");

    /// <summary>Binds and listens; connections wait in the backlog until <see cref="Start"/>.</summary>
    public IPEndPoint Bind()
    {
        if (_socket is not null)
        {
            throw new InvalidOperationException("The listener is already bound.");
        }

        var socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(_endPoint);
            socket.Listen(backlog: 512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>Starts accepting as <paramref name="self"/>: handshakes must name exactly this address.</summary>
    public void Start(SiloAddress self)
    {
        ArgumentNullException.ThrowIfNull(self);
        if (_socket is null)
        {
            Bind();
        }

        _self = self;
        TransportLog.Listening(_logger, _socket!.LocalEndPoint!, self);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Stops accepting and closes the accepted connections in order (their unwritten sends fail).</summary>
    public Task Stop() => StopAsync(abort: false);

    /// <summary>Stops accepting and drops every accepted connection at once, as a crash would.</summary>
    public Task Abort() => StopAsync(abort: true);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Stop();

    private async Task StopAsync(bool abort)
    {
        _blocks.PeerBlocked -= OnPeerBlocked;
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        _socket?.Dispose();
        await _acceptLoop;
        foreach (var connection in _connections.Keys)
        {
            if (abort)
            {
                connection.Abort();
            }
            else
            {
                connection.Close();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket!.AcceptAsync(token);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Transient (e.g. out of file descriptors, a connection reset in the backlog): keep listening.
                TransportLog.AcceptFailed(_logger, exception, _endPoint);
                continue;
            }

            // Handshakes run apart from the loop, so one slow peer does not hold up the others.
            _ = AcceptAsync(accepted, token);
        }
    }

    private async Task AcceptAsync(Socket socket, CancellationToken stopping)
    {
        var connection = new Connection(socket, _handler, _options, _logger);
        _connections[connection] = true;
        _ = ForgetWhenClosedAsync(connection);

        // Stop may have snapshotted the connections before this one was added.
        if (stopping.IsCancellationRequested)
        {
            connection.Abort();
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(_options.HandshakeTimeout);
            var request = await HandshakeProtocol.ReadAsync(connection.Input, TransportJsonContext.Default.HandshakeRequest, timeout.Token);
            var self = _self!;
            var refusal = HandshakeProtocol.FindRefusal(request, _clusterId, self, _blocks);
            var response = new HandshakeResponse(refusal is null, refusal, self.ToString());
            await HandshakeProtocol.WriteAsync(connection.Output, response, TransportJsonContext.Default.HandshakeResponse, timeout.Token);
            if (refusal is not null)
            {
                TransportLog.HandshakeRefused(_logger, connection.RemoteEndPoint, request.Sender, refusal);
                connection.Close();
                return;
            }

            var sender = HandshakeProtocol.TryParseAddress(request.Sender, out var parsed) ? parsed : null;
            connection.Start(sender);
            if (sender is null && request.ClientId is { Length: > 0 } clientId)
            {
                _clients?.Register(clientId, connection);
            }

            // A Block of this sender that ran between the check above and Start saw no connection to abort.
            if (_blocks.IsBlocked(sender) || stopping.IsCancellationRequested)
            {
                connection.Abort();
            }
        }
        catch (Exception exception)
        {
            TransportLog.InboundHandshakeFailed(_logger, exception, connection.RemoteEndPoint);
            connection.AbortWith(new SiloUnavailableException($"The handshake with {connection.RemoteEndPoint} failed: {exception.Message}"));
        }
    }

    private async Task ForgetWhenClosedAsync(Connection connection)
    {
        await connection.Closed;
        _connections.TryRemove(connection, out _);
    }

    private void OnPeerBlocked(SiloAddress peer)
    {
        foreach (var connection in _connections.Keys)
        {
            if (connection.Remote == peer)
            {
                connection.Abort();
            }
        }
    }
}
