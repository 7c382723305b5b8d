namespace LiveDash.Runtime.Streaming;

/// <summary>
/// A stream of items of type <typeparamref name="T"/>, from grains to the nodes that subscribe to it.
/// Get one from <see cref="IStreamProvider.GetStream{T}"/>; it is a cheap handle, not a connection.
/// </summary>
/// <remarks>
/// Items are ordered per stream and numbered by <see cref="StreamSequenceToken"/>. A node that subscribes
/// holds one network subscription per stream however many observers it adds, receives each item once,
/// and hands it to its observers in order. Items are serialised with the runtime's JSON serializer.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
public interface IAsyncStream<T>
{
    /// <summary>The stream's identity.</summary>
    StreamId StreamId { get; }

    /// <summary>
    /// Publishes <paramref name="item"/> and returns its position once the stream has numbered and
    /// buffered it; delivery to subscribers follows without waiting for them.
    /// </summary>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Abandons the wait (the item may still be published).</param>
    /// <returns>The item's position.</returns>
    Task<StreamSequenceToken> OnNextAsync(T item, CancellationToken cancellationToken = default);

    /// <summary>The position of the newest item published (sequence 0 when none yet in this epoch).</summary>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <returns>The current position.</returns>
    Task<StreamSequenceToken> GetPositionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="observer"/> to this node's subscription to the stream, creating the
    /// subscription when it is the first. With <paramref name="from"/> the observer first receives the
    /// items published after that position (or a <see cref="StreamReset"/> when they cannot be replayed);
    /// without it, items published after the subscription took effect.
    /// </summary>
    /// <param name="observer">Receives the items, resets and subscription changes, one call at a time.</param>
    /// <param name="from">The position the observer already holds, or null.</param>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <returns>A handle that removes the observer; the position the subscription started from is on it.</returns>
    Task<StreamSubscriptionHandle> SubscribeAsync(IStreamObserver<T> observer, StreamSequenceToken? from = null, CancellationToken cancellationToken = default);
}
