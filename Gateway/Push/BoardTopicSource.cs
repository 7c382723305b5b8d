using LiveDash.Grains;
using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Gateway.Push;

/// <summary>Board topics from <see cref="IScoreboardGrain"/> and its stream.</summary>
internal sealed class BoardTopicSource(IGrainFactory grains, IStreamProvider streams) : ITopicSource<BoardSnapshot, BoardDelta>
{
    public Task<TopicSnapshot<BoardSnapshot>> GetSnapshotAsync(Topic topic, CancellationToken cancellationToken)
        => grains.GetGrain<IScoreboardGrain>(topic.Name).GetSnapshotAsync(cancellationToken);

    public Task<StreamSubscriptionHandle> SubscribeAsync(Topic topic, IStreamObserver<BoardDelta> observer, StreamSequenceToken? from, CancellationToken cancellationToken)
        => streams.GetStream<BoardDelta>(TopicStreams.For(topic)).SubscribeAsync(observer, from, cancellationToken);
}
