using LiveDash.Gateway.Push;

namespace LiveDash.Gateway.Transports.Sse;

/// <summary>
/// An admitted stream request: its push connection, its admission (the access granted, the connection-cap
/// lease and credential watch it holds), and whatever else must live exactly as long as the stream.
/// Disposing it ends the connection's subscriptions, then releases the rest in reverse order, the admission last.
/// </summary>
internal sealed class SseSession : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];
    private bool _disposed;

    public SseSession(PushConnection connection, Admission admission, bool resuming)
    {
        Connection = connection;
        Admission = admission;
        Resuming = resuming;
    }

    /// <summary>The hub's side of the stream (already subscribed when admitted).</summary>
    public PushConnection Connection { get; }

    /// <summary>The push admission: the access granted, and the lease and watch it holds until disposed.</summary>
    public Admission Admission { get; }

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

        Admission.Dispose();
    }
}
