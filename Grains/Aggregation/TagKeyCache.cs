namespace LiveDash.Grains.Aggregation;

/// <summary>
/// The canonical keys (<see cref="CanonicalTags.Key"/>) of one batch's tag sets, computed once per
/// tags dictionary instance: a series' samples usually share one dictionary (a decoded
/// <see cref="MetricBatch"/> always does; so do the gateway's parsers), so a 20-sample batch over 4
/// series builds 4 keys instead of 20.
/// </summary>
/// <remarks>
/// Exact: a key is reused only for the very same dictionary (reference equality), which within one
/// batch holds the same pairs. Not thread-safe; the owner (an aggregator, one turn at a time) reuses
/// one cache and calls <see cref="Clear"/> after each batch so it holds on to no tags.
/// </remarks>
internal sealed class TagKeyCache
{
    private readonly Dictionary<object, string> _keys = new(ReferenceEqualityComparer.Instance);
    private IReadOnlyDictionary<string, string>? _lastTags;
    private string? _lastKey;

    /// <summary>The canonical key of <paramref name="tags"/>, a valid tag set.</summary>
    public string KeyOf(IReadOnlyDictionary<string, string> tags)
    {
        // Consecutive samples of one series are common: one reference check, no lookup.
        if (ReferenceEquals(tags, _lastTags))
        {
            return _lastKey!;
        }

        if (!_keys.TryGetValue(tags, out var key))
        {
            key = CanonicalTags.Key(tags);
            _keys.Add(tags, key);
        }

        _lastTags = tags;
        _lastKey = key;
        return key;
    }

    /// <summary>Forgets every tag set, so no dictionary outlives its batch.</summary>
    public void Clear()
    {
        _lastTags = null;
        _lastKey = null;
        if (_keys.Count > 0)
        {
            _keys.Clear();
        }
    }
}
