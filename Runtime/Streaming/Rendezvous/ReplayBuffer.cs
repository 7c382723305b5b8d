namespace LiveDash.Runtime.Streaming.Rendezvous;

/// <summary>
/// The last items of a stream, bounded by count and by age, in a ring. Sequences are contiguous, so an
/// item is found by arithmetic. Used inside a grain's turns only: not thread-safe.
/// </summary>
internal sealed class ReplayBuffer
{
    private readonly Entry[] _ring;
    private readonly long _maxAgeTicks;
    private int _start;
    private int _count;

    /// <param name="capacity">Most items kept.</param>
    /// <param name="maxAgeTicks">Oldest kept, in <see cref="TimeProvider"/> timestamp ticks.</param>
    public ReplayBuffer(int capacity, long maxAgeTicks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new Entry[capacity];
        _maxAgeTicks = maxAgeTicks;
    }

    public int Count => _count;

    /// <summary>The oldest sequence kept, or 0 when empty.</summary>
    public long FirstSequence => _count == 0 ? 0 : _ring[_start].Sequence;

    /// <summary>Appends the item after the newest; the oldest falls out when full.</summary>
    public void Add(long sequence, byte[] payload, long timestamp)
    {
        if (_count > 0 && sequence != _ring[(_start + _count - 1) % _ring.Length].Sequence + 1)
        {
            throw new InvalidOperationException($"Replay buffer sequences must be contiguous: {sequence} follows {_ring[(_start + _count - 1) % _ring.Length].Sequence}.");
        }

        if (_count == _ring.Length)
        {
            _ring[_start] = default;
            _start = (_start + 1) % _ring.Length;
            _count--;
        }

        _ring[(_start + _count) % _ring.Length] = new Entry(sequence, payload, timestamp);
        _count++;
    }

    /// <summary>Drops items older than the age bound as of <paramref name="now"/>.</summary>
    public void Trim(long now)
    {
        while (_count > 0 && now - _ring[_start].Timestamp > _maxAgeTicks)
        {
            _ring[_start] = default;
            _start = (_start + 1) % _ring.Length;
            _count--;
        }
    }

    /// <summary>
    /// Copies the items after <paramref name="afterSequence"/> up to <paramref name="lastSequence"/>, at most
    /// <paramref name="max"/>, into <paramref name="items"/>; false when the first of them is no longer kept.
    /// </summary>
    public bool TryRead(long afterSequence, long lastSequence, int max, List<StreamReplayItem> items)
    {
        if (afterSequence >= lastSequence)
        {
            return true;
        }

        if (_count == 0 || afterSequence + 1 < FirstSequence)
        {
            return false;
        }

        var first = (int)(afterSequence + 1 - FirstSequence);
        var end = (int)Math.Min(_count, lastSequence - FirstSequence + 1);
        for (var i = first; i < end && items.Count < max; i++)
        {
            var entry = _ring[(_start + i) % _ring.Length];
            items.Add(new StreamReplayItem(entry.Sequence, entry.Payload));
        }

        return true;
    }

    private readonly record struct Entry(long Sequence, byte[] Payload, long Timestamp);
}
