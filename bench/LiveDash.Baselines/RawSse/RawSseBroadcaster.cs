using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace LiveDash.Baselines.RawSse;

/// <summary>
/// The raw Kestrel SSE baseline (the ceiling): every open response gets the same pre-encoded bytes
/// of each event; nothing is serialised per connection. Slow readers are dropped, never waited for.
/// </summary>
internal sealed class RawSseBroadcaster
{
    // Sent once when a response starts: the reconnect delay, then a blank line ending the event.
    private static readonly byte[] s_preamble = Encoding.UTF8.GetBytes("retry: 2000\n\n");

    private readonly ConcurrentDictionary<long, RawSseConnection> _connections = new();
    private readonly int _maxQueuedEvents;
    private long _nextId;
    private long _dropped;

    public RawSseBroadcaster(BaselineOptions options)
    {
        _maxQueuedEvents = options.MaxQueuedEventsPerConnection;
    }

    public int Connections => _connections.Count;

    /// <summary>Connections aborted because their queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues <paramref name="encoded"/> on every open response; never blocks or throws.</summary>
    public void Broadcast(byte[] encoded)
    {
        foreach (var (_, connection) in _connections)
        {
            if (!connection.TryEnqueue(encoded))
            {
                Interlocked.Increment(ref _dropped);
                connection.Abort();
            }
        }
    }

    /// <summary>Serves <c>GET /raw/sse</c> until the client disconnects or is dropped.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var connection = new RawSseConnection(context, _maxQueuedEvents);
        var id = Interlocked.Increment(ref _nextId);
        await response.BodyWriter.WriteAsync(s_preamble, context.RequestAborted);
        _connections[id] = connection;
        try
        {
            await connection.RunAsync(context.RequestAborted);
        }
        finally
        {
            _connections.TryRemove(id, out _);
        }
    }
}
