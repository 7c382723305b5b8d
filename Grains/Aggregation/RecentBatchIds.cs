namespace LiveDash.Grains.Aggregation;

/// <summary>
/// The batch ids a grain applied recently, so a retried batch is applied once. An id is
/// remembered for a retention period and at most a fixed number of ids are kept; past either
/// bound the oldest ids are forgotten first.
/// </summary>
/// <remarks>
/// Ids are kept in application order (a linked list) with a dictionary for lookup, so lookup,
/// remembering and eviction are O(1). Eviction walks from the oldest id and stops at the first
/// one still within retention; if the clock stepped backwards a stale id may linger behind a
/// fresher one, but <see cref="Contains"/> checks each id's own age, and the count bound still holds.
/// </remarks>
internal sealed class RecentBatchIds
{
    private readonly long _retentionMs;
    private readonly int _maxCount;
    private readonly Dictionary<string, LinkedListNode<(string Id, long AppliedAtMs)>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, long AppliedAtMs)> _oldestFirst = new();

    /// <summary>Creates an empty set.</summary>
    /// <param name="retention">How long an id is remembered.</param>
    /// <param name="maxCount">Most ids kept.</param>
    public RecentBatchIds(TimeSpan retention, int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        _retentionMs = (long)retention.TotalMilliseconds;
        _maxCount = maxCount;
    }

    /// <summary>How many ids are held (some may already be past retention until the next <see cref="Remember"/>).</summary>
    public int Count => _byId.Count;

    /// <summary>Whether <paramref name="batchId"/> was applied less than the retention period before <paramref name="nowMs"/>.</summary>
    public bool Contains(string batchId, long nowMs)
        => _byId.TryGetValue(batchId, out var node) && IsRetained(node.Value.AppliedAtMs, nowMs);

    /// <summary>Records that <paramref name="batchId"/> was applied at <paramref name="nowMs"/>, then forgets ids past either bound.</summary>
    public void Remember(string batchId, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(batchId);
        if (_byId.Remove(batchId, out var existing))
        {
            _oldestFirst.Remove(existing);
        }

        _byId.Add(batchId, _oldestFirst.AddLast((batchId, nowMs)));
        while (_oldestFirst.First is { } oldest && (_oldestFirst.Count > _maxCount || !IsRetained(oldest.Value.AppliedAtMs, nowMs)))
        {
            _oldestFirst.RemoveFirst();
            _byId.Remove(oldest.Value.Id);
        }
    }

    /// <summary>Captures the ids for storage, oldest first.</summary>
    public RecentBatchIdsState ToState()
    {
        var ids = new string[_oldestFirst.Count];
        var appliedAt = new long[ids.Length];
        var i = 0;
        foreach (var (id, appliedAtMs) in _oldestFirst)
        {
            ids[i] = id;
            appliedAt[i] = appliedAtMs;
            i++;
        }

        return new RecentBatchIdsState { Ids = ids, AppliedAtMs = appliedAt };
    }

    /// <summary>Rebuilds the set from <paramref name="state"/>; the bounds in force now apply.</summary>
    /// <exception cref="InvalidDataException">The arrays differ in length or hold a null id.</exception>
    public static RecentBatchIds FromState(RecentBatchIdsState? state, TimeSpan retention, int maxCount)
    {
        var recent = new RecentBatchIds(retention, maxCount);
        if (state is null)
        {
            return recent;
        }

        var ids = state.Ids ?? [];
        var appliedAt = state.AppliedAtMs ?? [];
        if (ids.Length != appliedAt.Length)
        {
            throw new InvalidDataException($"Stored batch ids are inconsistent: {ids.Length} ids but {appliedAt.Length} times.");
        }

        for (var i = 0; i < ids.Length; i++)
        {
            // Replaying in order applies the age bound relative to each later id, as it was live.
            recent.Remember(ids[i] ?? throw new InvalidDataException($"Stored batch id {i} is null."), appliedAt[i]);
        }

        return recent;
    }

    // An id is forgotten exactly when the retention period has fully elapsed.
    private bool IsRetained(long appliedAtMs, long nowMs) => nowMs - appliedAtMs < _retentionMs;
}
