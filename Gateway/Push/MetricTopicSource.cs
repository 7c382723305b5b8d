using LiveDash.Grains;
using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Gateway.Push;

/// <summary>Metric topics from <see cref="IMetricGrain"/> and its stream.</summary>
internal sealed class MetricTopicSource(IGrainFactory grains, IStreamProvider streams) : ITopicSource<MetricSnapshot, MetricDelta>
{
    public Task<TopicSnapshot<MetricSnapshot>> GetSnapshotAsync(Topic topic, CancellationToken cancellationToken)
        => grains.GetGrain<IMetricGrain>(topic.Name).GetSnapshotAsync(cancellationToken);

    public Task<StreamSubscriptionHandle> SubscribeAsync(Topic topic, IStreamObserver<MetricDelta> observer, StreamSequenceToken? from, CancellationToken cancellationToken)
        => streams.GetStream<MetricDelta>(TopicStreams.For(topic)).SubscribeAsync(observer, from, cancellationToken);
}
