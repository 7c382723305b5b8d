using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LiveDash.UnitTests.Gateway.Sse;

/// <summary>
/// An <see cref="HttpContext"/> whose response body is a <see cref="Pipe"/> the test reads (a socket it controls:
/// a small pause threshold and no reading make a full one) and whose <c>Abort</c> is recorded.
/// </summary>
/// <remarks>
/// A pipe resumes a waiting flush as soon as its reader has examined everything, even without consuming it, so
/// a test that wants the writer stuck must not read: <see cref="FlushBlocked"/> says when a flush started waiting.
/// </remarks>
internal sealed class SseTestContext : IHttpResponseBodyFeature, IHttpRequestLifetimeFeature, IDisposable
{
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _requestAborted = new();
    private readonly TaskCompletionSource _flushBlocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BlockingAwarePipeWriter _writer;

    public SseTestContext(long pauseWriterThreshold = 1024 * 1024)
    {
        Pipe = new Pipe(new PipeOptions(pauseWriterThreshold: pauseWriterThreshold, resumeWriterThreshold: pauseWriterThreshold / 2, useSynchronizationContext: false));
        _writer = new BlockingAwarePipeWriter(Pipe.Writer, _flushBlocked);
        Context = new DefaultHttpContext();
        Context.Features.Set<IHttpResponseBodyFeature>(this);
        Context.Features.Set<IHttpRequestLifetimeFeature>(this);
    }

    public HttpContext Context { get; }

    public Pipe Pipe { get; }

    /// <summary>Completes when a flush first had to wait for the reader (the "socket" is full).</summary>
    public Task FlushBlocked => _flushBlocked.Task;

    /// <summary>Completes when the writer aborted the request.</summary>
    public Task Aborted => _aborted.Task;

    Stream IHttpResponseBodyFeature.Stream => _writer.AsStream();

    PipeWriter IHttpResponseBodyFeature.Writer => _writer;

    CancellationToken IHttpRequestLifetimeFeature.RequestAborted
    {
        get => _requestAborted.Token;
        set => throw new NotSupportedException();
    }

    void IHttpResponseBodyFeature.DisableBuffering()
    {
    }

    Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHttpResponseBodyFeature.SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken) => throw new NotSupportedException();

    async Task IHttpResponseBodyFeature.CompleteAsync() => await _writer.CompleteAsync();

    void IHttpRequestLifetimeFeature.Abort()
    {
        // As Kestrel does: the socket is gone, so a pending flush returns completed.
        Pipe.Reader.Complete();
        _aborted.TrySetResult();
        _requestAborted.Cancel();
    }

    public void Dispose() => _requestAborted.Dispose();

    /// <summary>Reads the body until it contains <paramref name="marker"/> or ends, then consumes what it read.</summary>
    public async Task<string> ReadUntilAsync(string marker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            ReadResult result;
            try
            {
                result = await Pipe.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"The writer did not write '{marker.ReplaceLineEndings("\\n")}' within 10 s.");
            }

            var text = System.Text.Encoding.UTF8.GetString(result.Buffer.ToArray());
            if (text.Contains(marker, StringComparison.Ordinal) || result.IsCompleted)
            {
                Pipe.Reader.AdvanceTo(result.Buffer.End);
                return text;
            }

            Pipe.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Passes everything to the pipe's writer, noting when a flush has to wait.</summary>
    private sealed class BlockingAwarePipeWriter(PipeWriter inner, TaskCompletionSource blocked) : PipeWriter
    {
        public override void Advance(int bytes) => inner.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            var flush = inner.FlushAsync(cancellationToken);
            if (!flush.IsCompleted)
            {
                blocked.TrySetResult();
            }

            return flush;
        }
    }
}
