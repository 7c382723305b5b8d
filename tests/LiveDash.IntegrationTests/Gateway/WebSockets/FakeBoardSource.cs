using LiveDash.Gateway.Push;
using LiveDash.Grains;
using LiveDash.Runtime.Streaming;

namespace LiveDash.IntegrationTests.Gateway.WebSockets;

/// <summary>
/// Board topics without a silo: every board starts as one entry <c>a</c> at epoch 1, seq 0, and
/// <see cref="PublishAsync"/> feeds the hub's channel items as the stream would, one at a time.
/// </summary>
internal sealed class FakeBoardSource : ITopicSource<BoardSnapshot, BoardDelta>
{
    private readonly Dictionary<Topic, IStreamObserver<BoardDelta>> _observers = [];

    public Task<TopicSnapshot<BoardSnapshot>> GetSnapshotAsync(Topic topic, CancellationToken cancellationToken)
        => Task.FromResult(new TopicSnapshot<BoardSnapshot>(topic, new StreamSequenceToken(1, 0), new BoardSnapshot(topic.Name, "", [new BoardEntry("a", 0, 1)])));

    public Task<StreamSubscriptionHandle> SubscribeAsync(Topic topic, IStreamObserver<BoardDelta> observer, StreamSequenceToken? from, CancellationToken cancellationToken)
    {
        lock (_observers)
        {
            _observers[topic] = observer;
        }

        return Task.FromResult<StreamSubscriptionHandle>(new Handle(TopicStreams.For(topic)));
    }

    /// <summary>Sets entry <c>a</c> of <paramref name="topic"/> to <paramref name="seq"/>, as item <paramref name="seq"/> of epoch 1.</summary>
    public Task PublishAsync(Topic topic, long seq)
    {
        IStreamObserver<BoardDelta> observer;
        lock (_observers)
        {
            observer = _observers[topic];
        }

        return observer.OnNextAsync(new BoardDelta(topic.Name, null, [new BoardEntryChange("a", seq, 1, 0)]), new StreamSequenceToken(1, seq));
    }

    private sealed class Handle(StreamId streamId) : StreamSubscriptionHandle
    {
        public override StreamId StreamId { get; } = streamId;

        public override StreamSequenceToken StartPosition => new(1, 0);

        public override Task UnsubscribeAsync() => Task.CompletedTask;
    }
}
