using LiveDash.Runtime.Streaming;

namespace LiveDash.Gateway.Push;

/// <summary>
/// Fetches a topic's items between a resuming client's position and what the channel's ring holds,
/// from the stream's own replay buffer: a short-lived observer subscribed from the client's position
/// (the node's one stream subscription serves it; no second network subscription).
/// </summary>
/// <typeparam name="TDelta">The stream item.</typeparam>
internal sealed class StreamBackfill<TDelta> : IStreamObserver<TDelta>
{
    private readonly long _epoch;
    private readonly long _untilSequence;
    private readonly List<(TDelta Item, StreamSequenceToken Position)> _items = [];
    private readonly TaskCompletionSource<IReadOnlyList<(TDelta Item, StreamSequenceToken Position)>?> _done =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private long _nextSequence;

    /// <summary>Collects the items after <paramref name="from"/> up to and including <paramref name="until"/> (same epoch).</summary>
    public StreamBackfill(StreamSequenceToken from, StreamSequenceToken until)
    {
        _epoch = from.Epoch;
        _nextSequence = from.Sequence + 1;
        _untilSequence = until.Sequence;
        if (until.Epoch != from.Epoch || until.Sequence < _nextSequence)
        {
            _done.TrySetResult(_items);
        }
    }

    /// <summary>The items in order, or null when the stream could not replay them (a reset).</summary>
    public Task<IReadOnlyList<(TDelta Item, StreamSequenceToken Position)>?> Completion => _done.Task;

    public Task OnNextAsync(TDelta item, StreamSequenceToken token)
    {
        if (_done.Task.IsCompleted || token.Epoch != _epoch || token.Sequence < _nextSequence)
        {
            return Task.CompletedTask;
        }

        if (token.Sequence != _nextSequence)
        {
            _done.TrySetResult(null);
            return Task.CompletedTask;
        }

        _items.Add((item, token));
        _nextSequence++;
        if (token.Sequence >= _untilSequence)
        {
            _done.TrySetResult(_items);
        }

        return Task.CompletedTask;
    }

    public Task OnResetAsync(StreamReset reset)
    {
        _done.TrySetResult(null);
        return Task.CompletedTask;
    }
}
