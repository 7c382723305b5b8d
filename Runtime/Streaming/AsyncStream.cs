using LiveDash.Runtime.Serialization;
using LiveDash.Runtime.Streaming.Rendezvous;
using LiveDash.Runtime.Streaming.Subscription;

namespace LiveDash.Runtime.Streaming;

/// <summary>A stream handle: publishing goes to the stream's rendezvous grain, subscribing to this node's hub.</summary>
internal sealed class AsyncStream<T> : IAsyncStream<T>
{
    private readonly IStreamRendezvousGrain _rendezvous;
    private readonly RuntimeJsonSerializer _serializer;
    private readonly StreamSubscriberHub _hub;

    public AsyncStream(StreamId streamId, IStreamRendezvousGrain rendezvous, RuntimeJsonSerializer serializer, StreamSubscriberHub hub)
    {
        StreamId = streamId;
        _rendezvous = rendezvous;
        _serializer = serializer;
        _hub = hub;
    }

    public StreamId StreamId { get; }

    // Serialised once here; the rendezvous grain sends these bytes to every subscribed node.
    public Task<StreamSequenceToken> OnNextAsync(T item, CancellationToken cancellationToken = default)
        => _rendezvous.PublishAsync(_serializer.SerializeToBytes(item), cancellationToken);

    public Task<StreamSequenceToken> GetPositionAsync(CancellationToken cancellationToken = default)
        => _rendezvous.GetPositionAsync(cancellationToken);

    public Task<StreamSubscriptionHandle> SubscribeAsync(IStreamObserver<T> observer, StreamSequenceToken? from = null, CancellationToken cancellationToken = default)
        => _hub.SubscribeAsync(StreamId, observer, from, cancellationToken);

    public override string ToString() => StreamId.ToString();
}
