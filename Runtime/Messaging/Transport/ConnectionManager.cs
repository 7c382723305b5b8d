using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>
/// The outbound side of one silo or client: one connection per peer silo, opened on the first send
/// and reused. Concurrent first sends share one connect; after a failed connect, sends to that peer
/// fail fast for <see cref="TransportOptions.ReconnectBackoff"/>, and the first send after it tries
/// again. Messages arriving on these connections (responses, mostly) go to the handler.
/// Thread-safe. The send path takes no lock once the connection is open. Ordering: sends made one
/// after another once the connection is open reach the peer in that order; sends that waited for the
/// connect to finish are released together and may reach it in any order.
/// </summary>
internal sealed class ConnectionManager : IAsyncDisposable
{
    private readonly string _clusterId;
    private readonly Func<SiloAddress?> _self;
    private readonly IMessageHandler _handler;
    private readonly PeerBlockList _blocks;
    private readonly TransportOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string? _clientId;
    private readonly ConcurrentDictionary<SiloAddress, Peer> _peers = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// Creates the manager of the node <paramref name="self"/> returns (null for a client) in cluster
    /// <paramref name="clusterId"/>. It is read at each handshake, because a silo learns its own
    /// address (its port) only once its listener has bound, after this manager exists.
    /// <paramref name="timeProvider"/> is the backoff's clock. A client passes its <paramref name="clientId"/>,
    /// which its handshakes carry so silos can send it stream items.
    /// </summary>
    public ConnectionManager(
        string clusterId,
        Func<SiloAddress?> self,
        IMessageHandler handler,
        PeerBlockList blocks,
        TransportOptions options,
        ILogger logger,
        TimeProvider? timeProvider = null,
        string? clientId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        _clusterId = clusterId;
        _self = self;
        _handler = handler;
        _blocks = blocks;
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _clientId = clientId;
        _blocks.PeerBlocked += OnPeerBlocked;
    }

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="target"/>, connecting first if needed; completes
    /// when the frame is handed to the socket. Fails with <see cref="SiloUnavailableException"/> when the
    /// peer cannot be reached (refused, blocked, in backoff, connection lost before the frame went out).
    /// </summary>
    public ValueTask SendAsync(SiloAddress target, Message message, CancellationToken cancellationToken = default)
    {
        var peer = _peers.GetOrAdd(target, static t => new Peer(t));
        if (peer.Current is { IsClosed: false } connection && _blocks.IsEmpty)
        {
            return connection.SendAsync(message, cancellationToken);
        }

        return SendSlowAsync(peer, message, cancellationToken);
    }

    /// <summary>
    /// As <see cref="SendAsync"/>, but nothing to await: <paramref name="onFailed"/> hears of a failure
    /// (see <see cref="Connection.Post"/>). Connecting first, when needed, happens in the background.
    /// </summary>
    public void Post(SiloAddress target, Message message, Action<Exception, object?> onFailed, object? state)
    {
        var peer = _peers.GetOrAdd(target, static t => new Peer(t));
        if (peer.Current is { IsClosed: false } connection && _blocks.IsEmpty)
        {
            connection.Post(message, onFailed, state);
            return;
        }

        _ = PostSlowAsync(peer, message, onFailed, state);
    }

    /// <summary>The open connection to <paramref name="target"/>, connecting first if needed.</summary>
    public async ValueTask<Connection> GetConnectionAsync(SiloAddress target, CancellationToken cancellationToken = default)
    {
        var peer = _peers.GetOrAdd(target, static t => new Peer(t));
        return await GetConnectionAsync(peer, cancellationToken);
    }

    /// <summary>Partition test hook: aborts connections with <paramref name="peer"/> and refuses traffic with it.</summary>
    public void Block(SiloAddress peer)
    {
        TransportLog.PeerBlocked(_logger, peer);
        _blocks.Block(peer);
    }

    /// <summary>Ends a <see cref="Block"/>; the next send to <paramref name="peer"/> connects anew.</summary>
    public void Unblock(SiloAddress peer) => _blocks.Unblock(peer);

    /// <summary>
    /// Drops what is known of <paramref name="peer"/> and aborts its connection: it was declared dead,
    /// so a hung one must not keep senders waiting, and its entry must not stay for good.
    /// </summary>
    public void Forget(SiloAddress peer)
    {
        if (_peers.TryRemove(peer, out var removed))
        {
            removed.Current?.Abort();
        }
    }

    /// <summary>A crash: drops every connection at once, no goodbye; every later send fails.</summary>
    public void AbortAll()
    {
        _blocks.PeerBlocked -= OnPeerBlocked;
        _stopping.Cancel();
        foreach (var peer in _peers.Values)
        {
            peer.Current?.Abort();
        }
    }

    /// <summary>An orderly stop: closes every connection (unwritten sends fail); every later send fails.</summary>
    public async ValueTask DisposeAsync()
    {
        _blocks.PeerBlocked -= OnPeerBlocked;
        await _stopping.CancelAsync();
        var closing = new List<Task>();
        foreach (var peer in _peers.Values)
        {
            if (peer.Current is { } connection)
            {
                connection.Close();
                closing.Add(connection.Closed);
            }
        }

        await Task.WhenAll(closing);
    }

    private async Task PostSlowAsync(Peer peer, Message message, Action<Exception, object?> onFailed, object? state)
    {
        try
        {
            await SendSlowAsync(peer, message, CancellationToken.None);
        }
        catch (Exception exception)
        {
            onFailed(exception, state);
        }
    }

    private async ValueTask SendSlowAsync(Peer peer, Message message, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(peer, cancellationToken);
        await connection.SendAsync(message, cancellationToken);
    }

    private async ValueTask<Connection> GetConnectionAsync(Peer peer, CancellationToken cancellationToken)
    {
        Task<Connection> connecting;
        lock (peer)
        {
            if (_stopping.IsCancellationRequested)
            {
                throw new SiloUnavailableException($"Cannot reach silo {peer.Address}: this node's transport is stopped.");
            }

            if (_blocks.IsBlocked(peer.Address))
            {
                throw new SiloUnavailableException($"Cannot reach silo {peer.Address}: it is blocked (partition test hook).");
            }

            if (peer.Current is { IsClosed: false } open)
            {
                return open;
            }

            if (peer.Connecting is null)
            {
                if (peer.LastFailure is { } failure && _timeProvider.GetElapsedTime(peer.FailedAt) < _options.ReconnectBackoff)
                {
                    throw new SiloUnavailableException(
                        $"Cannot reach silo {peer.Address}: the last connect failed less than "
                        + $"{TransportOptions.SectionName}:{nameof(TransportOptions.ReconnectBackoff)} = {_options.ReconnectBackoff} ago ({failure.Message}).");
                }

                // One connect per peer however many senders arrive; it is not tied to any one sender's token.
                peer.Connecting = ConnectAndRecordAsync(peer);
            }

            connecting = peer.Connecting;
        }

        return await connecting.WaitAsync(cancellationToken);
    }

    private async Task<Connection> ConnectAndRecordAsync(Peer peer)
    {
        // Yield first: the caller holds the peer's lock while this method starts.
        await Task.Yield();
        try
        {
            var connection = await ConnectAsync(peer.Address);
            lock (peer)
            {
                peer.Current = connection;
                peer.LastFailure = null;
                peer.Connecting = null;
            }

            // A Block or AbortAll that ran during the connect saw no connection to abort.
            if (_blocks.IsBlocked(peer.Address) || _stopping.IsCancellationRequested)
            {
                connection.Abort();
            }

            return connection;
        }
        catch (Exception exception)
        {
            var failure = exception as SiloUnavailableException
                ?? new SiloUnavailableException($"Cannot reach silo {peer.Address}: {exception.Message}");
            TransportLog.ConnectFailed(_logger, exception, peer.Address, _options.ReconnectBackoff);
            lock (peer)
            {
                peer.LastFailure = failure;
                peer.FailedAt = _timeProvider.GetTimestamp();
                peer.Connecting = null;
            }

            throw failure;
        }
    }

    private async Task<Connection> ConnectAsync(SiloAddress target)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
        {
            connectTimeout.CancelAfter(_options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(target.Host, target.Port, connectTimeout.Token);
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
            {
                socket.Dispose();
                throw new SiloUnavailableException(
                    $"Cannot reach silo {target}: no connection within "
                    + $"{TransportOptions.SectionName}:{nameof(TransportOptions.ConnectTimeout)} = {_options.ConnectTimeout}.");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var connection = new Connection(socket, _handler, _options, _logger);
        try
        {
            using var handshakeTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            handshakeTimeout.CancelAfter(_options.HandshakeTimeout);
            var request = new HandshakeRequest(HandshakeProtocol.Version, _clusterId, _self()?.ToString(), target.ToString(), _clientId);
            await HandshakeProtocol.WriteAsync(connection.Output, request, TransportJsonContext.Default.HandshakeRequest, handshakeTimeout.Token);
            var response = await HandshakeProtocol.ReadAsync(connection.Input, TransportJsonContext.Default.HandshakeResponse, handshakeTimeout.Token);
            if (!response.Accepted)
            {
                throw new SiloUnavailableException($"Silo {target} refused the connection: {response.Reason}.");
            }
        }
        catch (Exception exception)
        {
            var failure = exception switch
            {
                SiloUnavailableException unavailable => unavailable,
                OperationCanceledException when !_stopping.IsCancellationRequested => new SiloUnavailableException(
                    $"Silo {target} did not answer the handshake within "
                    + $"{TransportOptions.SectionName}:{nameof(TransportOptions.HandshakeTimeout)} = {_options.HandshakeTimeout}."),
                _ => new SiloUnavailableException($"The handshake with silo {target} failed: {exception.Message}"),
            };
            connection.AbortWith(failure);
            throw failure;
        }

        connection.Start(target);
        return connection;
    }

    private void OnPeerBlocked(SiloAddress blocked)
    {
        if (_peers.TryGetValue(blocked, out var peer))
        {
            peer.Current?.Abort();
        }
    }

    /// <summary>What the manager knows about one peer; mutated under a lock on the instance, read without one on the send path.</summary>
    private sealed class Peer
    {
        public Peer(SiloAddress address)
        {
            Address = address;
        }

        public SiloAddress Address { get; }

        public Connection? Current
        {
            get => Volatile.Read(ref field);
            set => Volatile.Write(ref field, value);
        }

        public Task<Connection>? Connecting { get; set; }

        public SiloUnavailableException? LastFailure { get; set; }

        public long FailedAt { get; set; }
    }
}
