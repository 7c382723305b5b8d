using LiveDash.Gateway.Push;
using LiveDash.Grains;
using LiveDash.Runtime.Streaming;

namespace LiveDash.UnitTests.Gateway.Push;

/// <summary>
/// A topic source without a silo: snapshots the test sets, and items the test publishes to the subscribed
/// observers in order. Keeps no history, so a backfill (a subscription from a position) is refused.
/// </summary>
internal sealed class FakeTopicSource<TData, TDelta> : ITopicSource<TData, TDelta>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Topic, TopicSnapshot<TData>> _snapshots = [];
    private readonly List<(Topic Topic, IStreamObserver<TDelta> Observer)> _observers = [];

    public void SetSnapshot(TopicSnapshot<TData> snapshot)
    {
        lock (_lock)
        {
            _snapshots[snapshot.Topic] = snapshot;
        }
    }

    public Task<TopicSnapshot<TData>> GetSnapshotAsync(Topic topic, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _snapshots.TryGetValue(topic, out var snapshot)
                ? Task.FromResult(snapshot)
                : Task.FromException<TopicSnapshot<TData>>(new InvalidOperationException($"No snapshot of {topic} was set."));
        }
    }

    public Task<StreamSubscriptionHandle> SubscribeAsync(Topic topic, IStreamObserver<TDelta> observer, StreamSequenceToken? from, CancellationToken cancellationToken)
    {
        if (from is not null)
        {
            return Task.FromException<StreamSubscriptionHandle>(new NotSupportedException("The fake source keeps no history to replay."));
        }

        lock (_lock)
        {
            _observers.Add((topic, observer));
        }

        return Task.FromResult<StreamSubscriptionHandle>(new Handle(this, topic, observer));
    }

    /// <summary>Delivers <paramref name="item"/> at <paramref name="position"/> to every observer of <paramref name="topic"/>.</summary>
    public async Task PublishAsync(Topic topic, TDelta item, StreamSequenceToken position)
    {
        List<IStreamObserver<TDelta>> observers;
        lock (_lock)
        {
            observers = [.. _observers.Where(o => o.Topic == topic).Select(o => o.Observer)];
        }

        foreach (var observer in observers)
        {
            await observer.OnNextAsync(item, position);
        }
    }

    private sealed class Handle(FakeTopicSource<TData, TDelta> source, Topic topic, IStreamObserver<TDelta> observer) : StreamSubscriptionHandle
    {
        public override StreamId StreamId => TopicStreams.For(topic);

        public override StreamSequenceToken StartPosition => default;

        public override Task UnsubscribeAsync()
        {
            lock (source._lock)
            {
                source._observers.Remove((topic, observer));
            }

            return Task.CompletedTask;
        }
    }
}
