using LiveDash.Runtime.Serialization;
using LiveDash.Runtime.Streaming.Rendezvous;
using LiveDash.Runtime.Streaming.Subscription;

namespace LiveDash.Runtime.Streaming;

/// <summary>The node's <see cref="IStreamProvider"/>.</summary>
internal sealed class StreamProvider : IStreamProvider
{
    private readonly IGrainFactory _grains;
    private readonly RuntimeJsonSerializer _serializer;
    private readonly StreamSubscriberHub _hub;

    public StreamProvider(IGrainFactory grains, RuntimeJsonSerializer serializer, StreamSubscriberHub hub)
    {
        _grains = grains;
        _serializer = serializer;
        _hub = hub;
    }

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        if (streamId.Namespace is null)
        {
            throw new ArgumentException("The stream id is empty (default); create it with new StreamId(namespace, key).", nameof(streamId));
        }

        var rendezvous = _grains.GetGrain<IStreamRendezvousGrain>(streamId.ToString());
        return new AsyncStream<T>(streamId, rendezvous, _serializer, _hub);
    }
}
