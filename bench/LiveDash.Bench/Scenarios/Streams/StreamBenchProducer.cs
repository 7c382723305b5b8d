using System.Diagnostics;
using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>
/// Publishes on the stream named like itself (<c>&lt;grain type&gt;/&lt;key&gt;</c>), so the stream's
/// rendezvous grain lives on this grain's silo and publishing is an in-silo call, as for the
/// application's grains. <see cref="StreamBenchProducerGrain"/> and <see cref="ReentrantStreamBenchProducerGrain"/> differ only in reentrancy.
/// </summary>
/// <remarks>
/// Items are numbered here and by the stream alike: a turn takes the next number and calls
/// <c>OnNextAsync</c> without awaiting in between, and calls from one activation reach the stream's
/// mailbox in the order they were made, so item <c>n</c> is at sequence <c>n</c> even when turns interleave.
/// </remarks>
public abstract class StreamBenchProducer : Grain, IStreamBenchPublisher
{
    private readonly IStreamProvider _streams;
    private IAsyncStream<StreamBenchItem>? _stream;
    private long _published;

    /// <summary>Created by the runtime.</summary>
    protected StreamBenchProducer(IStreamProvider streams)
    {
        _streams = streams;
    }

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = _streams.GetStream<StreamBenchItem>(new StreamId(GrainId.Type, GetPrimaryKeyString()));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task PublishAsync(int slot) => _stream!.OnNextAsync(new StreamBenchItem(++_published, slot, Stopwatch.GetTimestamp()));
}
