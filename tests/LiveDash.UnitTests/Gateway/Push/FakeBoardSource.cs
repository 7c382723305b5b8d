using LiveDash.Gateway.Push;
using LiveDash.Grains;
using LiveDash.Runtime.Streaming;

namespace LiveDash.UnitTests.Gateway.Push;

/// <summary>
/// A board's grain and stream in memory: one entry whose score each publish sets, numbered items of
/// one epoch, a bounded history that subscribers replay from, and resets — what the hub sees of the
/// runtime, without a silo.
/// </summary>
internal sealed class FakeBoardSource : ITopicSource<BoardSnapshot, BoardDelta>
{
    private readonly Lock _lock = new();
    private readonly List<(BoardDelta Item, StreamSequenceToken Position)> _history = [];
    private readonly List<IStreamObserver<BoardDelta>> _observers = [];
    private BoardSnapshot _state = new("b", "Final", [new BoardEntry("team-a", 0, 1)]);

    public long Epoch { get; private set; } = 1000;

    public long Sequence { get; private set; }

    public int HistoryLimit { get; set; } = 10_000;

    public bool Empty { get; set; }

    /// <summary>Subscriptions made by channels (backfill observers not counted).</summary>
    public int ChannelSubscriptions { get; private set; }

    public int ActiveObservers
    {
        get
        {
            lock (_lock)
            {
                return _observers.Count;
            }
        }
    }

    /// <summary>Runs between the channel's subscribe and its snapshot, to publish in that window.</summary>
    public Func<Task>? AfterSubscribe { get; set; }

    public StreamSequenceToken Position => new(Epoch, Sequence);

    public BoardSnapshot State => _state;

    public Task<TopicSnapshot<BoardSnapshot>> GetSnapshotAsync(Topic topic, CancellationToken cancellationToken)
    {
        var data = Empty ? new BoardSnapshot("b", string.Empty, []) : _state;
        return Task.FromResult(new TopicSnapshot<BoardSnapshot>(topic, Position, data));
    }

    public async Task<StreamSubscriptionHandle> SubscribeAsync(Topic topic, IStreamObserver<BoardDelta> observer, StreamSequenceToken? from, CancellationToken cancellationToken)
    {
        if (observer is ITopicChannel)
        {
            ChannelSubscriptions++;
        }

        if (from is { } position)
        {
            await ReplayAsync(observer, position);
        }

        lock (_lock)
        {
            _observers.Add(observer);
        }

        if (observer is ITopicChannel && AfterSubscribe is { } hook)
        {
            await hook();
        }

        return new Handle(this, observer, new StreamId(TopicStreams.BoardNamespace, topic.Name), Position);
    }

    /// <summary>Sets team-a's score, numbers the item and hands it to every observer in turn.</summary>
    public async Task PublishAsync(long score)
    {
        var delta = new BoardDelta("b", Title: null, [new BoardEntryChange("team-a", score, 1, 0)]);
        _state = _state.Apply(delta);
        Sequence++;
        var position = Position;
        IStreamObserver<BoardDelta>[] observers;
        lock (_lock)
        {
            _history.Add((delta, position));
            if (_history.Count > HistoryLimit)
            {
                _history.RemoveAt(0);
            }

            observers = [.. _observers];
        }

        foreach (var observer in observers)
        {
            await observer.OnNextAsync(delta, position);
        }
    }

    /// <summary>The stream's producer came back without its buffer: a new epoch, position 0.</summary>
    public async Task NewEpochAsync()
    {
        var previous = Position;
        Epoch++;
        Sequence = 0;
        IStreamObserver<BoardDelta>[] observers;
        lock (_lock)
        {
            _history.Clear();
            observers = [.. _observers];
        }

        foreach (var observer in observers)
        {
            await observer.OnResetAsync(new StreamReset(StreamResetReason.EpochChanged, previous, Position));
        }
    }

    private async Task ReplayAsync(IStreamObserver<BoardDelta> observer, StreamSequenceToken from)
    {
        List<(BoardDelta Item, StreamSequenceToken Position)> items;
        lock (_lock)
        {
            items = [.. _history.Where(h => h.Position.Sequence > from.Sequence)];
        }

        var covered = from.Epoch == Epoch && (from.Sequence == Sequence || (items.Count > 0 && items[0].Position.Sequence == from.Sequence + 1));
        if (!covered)
        {
            await observer.OnResetAsync(new StreamReset(from.Epoch == Epoch ? StreamResetReason.TooOld : StreamResetReason.EpochChanged, from, Position));
            return;
        }

        foreach (var (item, position) in items)
        {
            await observer.OnNextAsync(item, position);
        }
    }

    private sealed class Handle(FakeBoardSource source, IStreamObserver<BoardDelta> observer, StreamId streamId, StreamSequenceToken start) : StreamSubscriptionHandle
    {
        public override StreamId StreamId => streamId;

        public override StreamSequenceToken StartPosition => start;

        public override Task UnsubscribeAsync()
        {
            lock (source._lock)
            {
                source._observers.Remove(observer);
            }

            return Task.CompletedTask;
        }
    }
}
