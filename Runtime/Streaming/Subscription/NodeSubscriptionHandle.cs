namespace LiveDash.Runtime.Streaming.Subscription;

/// <summary>An observer's handle on its node's subscription.</summary>
internal sealed class NodeSubscriptionHandle : StreamSubscriptionHandle
{
    private readonly NodeStreamSubscription _subscription;
    private readonly StreamObserverEntry _entry;
    private int _unsubscribed;

    public NodeSubscriptionHandle(NodeStreamSubscription subscription, StreamObserverEntry entry, StreamSequenceToken startPosition)
    {
        _subscription = subscription;
        _entry = entry;
        StartPosition = startPosition;
    }

    public override StreamId StreamId => _subscription.StreamId;

    public override StreamSequenceToken StartPosition { get; }

    public override Task UnsubscribeAsync()
    {
        if (Interlocked.Exchange(ref _unsubscribed, 1) != 0)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // A subscription that no longer takes work has ended already, and the observer with it.
        return _subscription.TryPost(new SubscriptionWork.Remove(_entry, done)) ? done.Task : Task.CompletedTask;
    }
}
