using LiveDash.Grains;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Gateway.Push;

/// <summary>
/// Where a topic channel gets its state and items: the topic's grain and stream in the product, a
/// fake in unit tests. The seam keeps the hub's ordering and coalescing testable without a silo.
/// </summary>
/// <typeparam name="TData">The topic's state.</typeparam>
/// <typeparam name="TDelta">The stream item.</typeparam>
internal interface ITopicSource<TData, TDelta>
{
    /// <summary>The topic's state and the stream position it includes (the grain's <c>GetSnapshotAsync</c>).</summary>
    Task<TopicSnapshot<TData>> GetSnapshotAsync(Topic topic, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="observer"/> to this node's subscription of the topic's stream (see
    /// <see cref="IAsyncStream{T}.SubscribeAsync"/>): items after <paramref name="from"/>, or after now.
    /// </summary>
    Task<StreamSubscriptionHandle> SubscribeAsync(Topic topic, IStreamObserver<TDelta> observer, StreamSequenceToken? from, CancellationToken cancellationToken);
}
