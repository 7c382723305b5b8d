namespace LiveDash.Runtime.Streaming;

/// <summary>Subscribing with delegates instead of an <see cref="IStreamObserver{T}"/>.</summary>
public static class AsyncStreamExtensions
{
    /// <summary>Subscribes <paramref name="onNext"/>, and <paramref name="onReset"/> when given.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="stream">The stream.</param>
    /// <param name="onNext">Called with each item and its position.</param>
    /// <param name="onReset">Called when items were skipped; null to ignore resets.</param>
    /// <param name="from">The position already held, or null.</param>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <returns>The subscription handle.</returns>
    public static Task<StreamSubscriptionHandle> SubscribeAsync<T>(
        this IAsyncStream<T> stream,
        Func<T, StreamSequenceToken, Task> onNext,
        Func<StreamReset, Task>? onReset = null,
        StreamSequenceToken? from = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onNext);
        return stream.SubscribeAsync(new DelegateStreamObserver<T>(onNext, onReset), from, cancellationToken);
    }

    private sealed class DelegateStreamObserver<T>(Func<T, StreamSequenceToken, Task> onNext, Func<StreamReset, Task>? onReset) : IStreamObserver<T>
    {
        public Task OnNextAsync(T item, StreamSequenceToken token) => onNext(item, token);

        public Task OnResetAsync(StreamReset reset) => onReset?.Invoke(reset) ?? Task.CompletedTask;
    }
}
