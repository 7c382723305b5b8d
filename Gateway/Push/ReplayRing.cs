using LiveDash.Runtime.Streaming;

namespace LiveDash.Gateway.Push;

/// <summary>
/// A topic's recent updates, for clients that resume from a cursor: consecutive positions of one
/// epoch, oldest first, bounded by count and by age (<see cref="PushOptions.ReplayBufferCount"/>,
/// <see cref="PushOptions.ReplayBufferAge"/>). Not thread-safe: the owning channel's lock guards it.
/// </summary>
/// <remarks>
/// A circular buffer: appending at the end (live updates) and prepending at the front (updates
/// fetched back from the stream for a client that resumed from further back) are both O(1) per event.
/// </remarks>
internal sealed class ReplayRing
{
    private readonly (PushEvent Event, long AddedAt)[] _items;
    private readonly long _maxAgeTicks;
    private readonly TimeProvider _time;
    private int _head;
    private int _count;

    public ReplayRing(int capacity, TimeSpan maxAge, TimeProvider time)
    {
        _items = new (PushEvent, long)[Math.Max(capacity, 0)];
        _maxAgeTicks = (long)(maxAge.TotalSeconds * time.TimestampFrequency);
        _time = time;
    }

    public int Count => _count;

    /// <summary>Forgets every event (the epoch changed, or the channel lost track of the stream).</summary>
    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }

    /// <summary>Appends the next update; one that does not follow the newest event starts the ring afresh.</summary>
    public void Add(PushEvent update)
    {
        if (_items.Length == 0)
        {
            return;
        }

        if (_count > 0 && !Follows(Newest.Position, update.Position))
        {
            Clear();
        }

        if (_count == _items.Length)
        {
            _items[_head] = default;
            _head = (_head + 1) % _items.Length;
            _count--;
        }

        _items[(_head + _count) % _items.Length] = (update, _time.GetTimestamp());
        _count++;
        TrimByAge();
    }

    /// <summary>
    /// Puts older updates in front, when they end right before the oldest event held (or the ring
    /// is empty and they end at <paramref name="current"/>) and there is room for all of them.
    /// </summary>
    /// <returns>Whether they were added.</returns>
    public bool TryPrepend(IReadOnlyList<PushEvent> older, StreamSequenceToken current)
    {
        if (older.Count == 0 || _count + older.Count > _items.Length)
        {
            return false;
        }

        var last = older[^1].Position;
        if (_count > 0 ? !Follows(last, Oldest.Position) : last != current)
        {
            return false;
        }

        // Fetched events are stamped as added now: they become replayable for the full age window,
        // which errs towards replaying (the stream's own buffer decides what could be fetched).
        var now = _time.GetTimestamp();
        for (var i = older.Count - 1; i >= 0; i--)
        {
            _head = (_head - 1 + _items.Length) % _items.Length;
            _items[_head] = (older[i], now);
            _count++;
        }

        return true;
    }

    /// <summary>
    /// Adds to <paramref name="into"/> every update after <paramref name="from"/> up to
    /// <paramref name="current"/>, when the ring holds all of them.
    /// </summary>
    /// <returns>Whether the ring covers the gap (an empty gap is covered).</returns>
    public bool TryCopyAfter(StreamSequenceToken from, StreamSequenceToken current, List<PushEvent> into)
    {
        TrimByAge();
        if (from.Epoch != current.Epoch || from.Sequence > current.Sequence)
        {
            return false;
        }

        if (from.Sequence == current.Sequence)
        {
            return true;
        }

        if (_count == 0 || Newest.Position != current || Oldest.Position.Sequence > from.Sequence + 1)
        {
            return false;
        }

        for (var i = 0; i < _count; i++)
        {
            var pushEvent = _items[(_head + i) % _items.Length].Event;
            if (pushEvent.Position.Sequence > from.Sequence)
            {
                into.Add(pushEvent);
            }
        }

        return true;
    }

    /// <summary>The oldest position the ring holds an update for, or null when empty.</summary>
    public StreamSequenceToken? OldestPosition => _count == 0 ? null : Oldest.Position;

    private PushEvent Oldest => _items[_head].Event;

    private PushEvent Newest => _items[(_head + _count - 1) % _items.Length].Event;

    private static bool Follows(StreamSequenceToken previous, StreamSequenceToken next)
        => next.Epoch == previous.Epoch && next.Sequence == previous.Sequence + 1;

    private void TrimByAge()
    {
        var now = _time.GetTimestamp();
        while (_count > 0 && now - _items[_head].AddedAt > _maxAgeTicks)
        {
            _items[_head] = default;
            _head = (_head + 1) % _items.Length;
            _count--;
        }
    }
}
