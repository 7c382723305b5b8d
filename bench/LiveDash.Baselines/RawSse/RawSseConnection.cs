using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace LiveDash.Baselines.RawSse;

/// <summary>
/// One open <c>/raw/sse</c> response: a bounded queue of pre-encoded events and a loop that copies
/// whatever is queued into the response's <see cref="PipeWriter"/> and flushes once. The broadcaster
/// only enqueues (never awaits a socket); a full queue means a slow reader, which is aborted.
/// </summary>
internal sealed class RawSseConnection
{
    private readonly Channel<byte[]> _queue;
    private readonly HttpContext _context;

    public RawSseConnection(HttpContext context, int maxQueuedEvents)
    {
        _context = context;
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(maxQueuedEvents)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Queues <paramref name="encoded"/>; false when the queue is full (the caller drops the connection).</summary>
    public bool TryEnqueue(byte[] encoded) => _queue.Writer.TryWrite(encoded);

    /// <summary>Aborts the response: used for slow readers. The write loop ends on the aborted token.</summary>
    public void Abort()
    {
        _queue.Writer.TryComplete();
        _context.Abort();
    }

    /// <summary>Writes queued events until the client goes away or the connection is aborted.</summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        var writer = _context.Response.BodyWriter;
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(aborted))
            {
                while (reader.TryRead(out var encoded))
                {
                    writer.Write(encoded);
                }

                var flushed = await writer.FlushAsync(aborted);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
    }
}
