using System.Collections.Concurrent;

namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>
/// A silo's inbound connections from cluster clients, by client id: a silo cannot dial a client, so
/// it sends a client's stream items on the connection the client opened. Thread-safe. A client that
/// reconnects replaces its entry; a closed connection leaves the directory by itself.
/// </summary>
internal sealed class ClientConnectionDirectory
{
    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Connection>.AlternateLookup<ReadOnlySpan<char>> _byName;

    public ClientConnectionDirectory()
    {
        _byName = _connections.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Enters <paramref name="connection"/> as client <paramref name="clientId"/>'s, until it closes.</summary>
    public void Register(string clientId, Connection connection)
    {
        _connections[clientId] = connection;
        _ = connection.Closed.ContinueWith(
            static (_, state) =>
            {
                var (directory, id, closed) = ((ClientConnectionDirectory, string, Connection))state!;
                directory._connections.TryRemove(new KeyValuePair<string, Connection>(id, closed));
            },
            (this, clientId, connection),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>The open connection from client <paramref name="clientId"/>, if any (looked up without allocating).</summary>
    public bool TryGet(ReadOnlySpan<char> clientId, out Connection connection)
        => _byName.TryGetValue(clientId, out connection!) && !connection.IsClosed;
}
