namespace LiveDash.Runtime.Streaming.Subscription;

/// <summary>One observer of a node subscription, with its item type erased so the subscription can hold observers in one list.</summary>
internal sealed class StreamObserverEntry
{
    private readonly Func<object?, StreamSequenceToken, Task> _onNext;

    private StreamObserverEntry(object observer, Func<object?, StreamSequenceToken, Task> onNext, Func<StreamReset, Task> onReset, Func<Exception, Task> onLost, Func<StreamSequenceToken, Task> onRestored)
    {
        Observer = observer;
        _onNext = onNext;
        OnResetAsync = onReset;
        OnLostAsync = onLost;
        OnRestoredAsync = onRestored;
    }

    /// <summary>The observer, for identity.</summary>
    public object Observer { get; }

    public Func<StreamReset, Task> OnResetAsync { get; }

    public Func<Exception, Task> OnLostAsync { get; }

    public Func<StreamSequenceToken, Task> OnRestoredAsync { get; }

    public static StreamObserverEntry For<T>(IStreamObserver<T> observer)
        => new(observer, (item, token) => observer.OnNextAsync((T)item!, token), observer.OnResetAsync, observer.OnSubscriptionLostAsync, observer.OnSubscriptionRestoredAsync);

    public Task OnNextAsync(object? item, StreamSequenceToken token) => _onNext(item, token);
}
