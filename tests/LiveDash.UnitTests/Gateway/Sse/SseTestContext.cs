using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LiveDash.UnitTests.Gateway.Sse;

/// <summary>
/// An <see cref="HttpContext"/> whose response body is a <see cref="Pipe"/> the test reads (a socket it controls:
/// a small pause threshold and no reading make a full one) and whose <c>Abort</c> is recorded.
/// </summary>
internal sealed class SseTestContext : IHttpResponseBodyFeature, IHttpRequestLifetimeFeature, IDisposable
{
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _requestAborted = new();

    public SseTestContext(long pauseWriterThreshold = 1024 * 1024)
    {
        Pipe = new Pipe(new PipeOptions(pauseWriterThreshold: pauseWriterThreshold, resumeWriterThreshold: pauseWriterThreshold / 2, useSynchronizationContext: false));
        Context = new DefaultHttpContext();
        Context.Features.Set<IHttpResponseBodyFeature>(this);
        Context.Features.Set<IHttpRequestLifetimeFeature>(this);
    }

    public HttpContext Context { get; }

    public Pipe Pipe { get; }

    /// <summary>Completes when the writer aborted the request.</summary>
    public Task Aborted => _aborted.Task;

    Stream IHttpResponseBodyFeature.Stream => Pipe.Writer.AsStream();

    PipeWriter IHttpResponseBodyFeature.Writer => Pipe.Writer;

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

    async Task IHttpResponseBodyFeature.CompleteAsync() => await Pipe.Writer.CompleteAsync();

    void IHttpRequestLifetimeFeature.Abort()
    {
        // As Kestrel does: the socket is gone, so a pending flush returns completed.
        Pipe.Reader.Complete();
        _aborted.TrySetResult();
        _requestAborted.Cancel();
    }

    public void Dispose() => _requestAborted.Dispose();

    /// <summary>Reads the body until it contains <paramref name="marker"/>, consuming it all when <paramref name="consume"/>, else leaving it unread.</summary>
    public async Task<string> ReadUntilAsync(string marker, bool consume = true)
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
                Pipe.Reader.AdvanceTo(consume ? result.Buffer.End : result.Buffer.Start, result.Buffer.End);
                return text;
            }

            Pipe.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
