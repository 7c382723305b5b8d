using System.Collections.Concurrent;

namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>
/// Test hook for partitions: the silos one node refuses to talk to. A node's
/// <see cref="ConnectionManager"/> and <see cref="ConnectionListener"/> share one list, so blocking a
/// peer stops traffic both ways: sends to it fail fast, its inbound handshakes are refused, and the
/// connections already open with it are aborted (the owners subscribe to <see cref="PeerBlocked"/>).
/// </summary>
internal sealed class PeerBlockList
{
    private readonly ConcurrentDictionary<SiloAddress, bool> _blocked = new();

    /// <summary>Raised after a peer is added, on the thread that blocked it.</summary>
    public event Action<SiloAddress>? PeerBlocked;

    /// <summary>Whether any peer is blocked; a cheap check for the send path.</summary>
    public bool IsEmpty => _blocked.IsEmpty;

    /// <summary>Whether <paramref name="peer"/> (exactly this incarnation) is blocked.</summary>
    public bool IsBlocked(SiloAddress? peer) => peer is not null && !_blocked.IsEmpty && _blocked.ContainsKey(peer);

    /// <summary>Blocks <paramref name="peer"/> and aborts the open connections with it.</summary>
    public void Block(SiloAddress peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _blocked[peer] = true;
        PeerBlocked?.Invoke(peer);
    }

    /// <summary>Lets <paramref name="peer"/> through again; the next send connects anew.</summary>
    public void Unblock(SiloAddress peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _blocked.TryRemove(peer, out _);
    }
}
