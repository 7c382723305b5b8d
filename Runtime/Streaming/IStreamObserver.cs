namespace LiveDash.Runtime.Streaming;

/// <summary>
/// Receives a stream's items on a subscribing node. Calls for one stream never overlap and come in
/// stream order; keep them short (hand work off), since the next item waits for the last observer.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public interface IStreamObserver<in T>
{
    /// <summary>The next item, at <paramref name="token"/>: the previous position's sequence + 1, or the first after a reset.</summary>
    /// <param name="item">The item.</param>
    /// <param name="token">Its position.</param>
    /// <returns>A task that completes when the observer is done with the item.</returns>
    Task OnNextAsync(T item, StreamSequenceToken token);

    /// <summary>
    /// The items between the observer's position and <see cref="StreamReset.Position"/> cannot be
    /// delivered (see <see cref="StreamResetReason"/>): reload a snapshot. Items after the reset's
    /// position follow.
    /// </summary>
    /// <param name="reset">Why, and where the stream continues.</param>
    /// <returns>A task that completes when the observer is done.</returns>
    Task OnResetAsync(StreamReset reset) => Task.CompletedTask;

    /// <summary>
    /// This node's subscription stopped receiving items (the producer's silo became unreachable or a
    /// renewal failed). The runtime re-subscribes by itself; <see cref="OnSubscriptionRestoredAsync"/>
    /// follows once it has, preceded by the missed items or a reset.
    /// </summary>
    /// <param name="reason">What was lost, for logs and status displays.</param>
    /// <returns>A task that completes when the observer is done.</returns>
    Task OnSubscriptionLostAsync(Exception reason) => Task.CompletedTask;

    /// <summary>The subscription is back, after the missed items were delivered or a reset was reported.</summary>
    /// <param name="position">The position the observer now holds.</param>
    /// <returns>A task that completes when the observer is done.</returns>
    Task OnSubscriptionRestoredAsync(StreamSequenceToken position) => Task.CompletedTask;
}
