using LiveDash.Gateway.Auth;
using LiveDash.Gateway.Push;

namespace LiveDash.Gateway.Transports.Sse;

/// <summary>
/// An admitted stream request: its push connection, the access it was granted, and whatever else must
/// live exactly as long as the stream (a connection-cap lease, a credential-expiry watch). Disposing it
/// ends the connection's subscriptions and releases those in reverse order.
/// </summary>
internal sealed class SseSession : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];
    private bool _disposed;

    public SseSession(PushConnection connection, AccessGrant grant, bool resuming)
    {
        Connection = connection;
        Grant = grant;
        Resuming = resuming;
    }

    /// <summary>The hub's side of the stream (already subscribed when admitted).</summary>
    public PushConnection Connection { get; }

    /// <summary>The access the request was granted.</summary>
    public AccessGrant Grant { get; }

    /// <summary>Whether the request carried a cursor the gateway could read.</summary>
    public bool Resuming { get; }

    /// <summary>Ties <paramref name="resource"/> to the stream: it is disposed when the stream ends.</summary>
    /// <param name="resource">A lease, a watch, a registration.</param>
    public void Own(IDisposable resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        _owned.Add(resource);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Connection.DisposeAsync().ConfigureAwait(false);
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }
}
