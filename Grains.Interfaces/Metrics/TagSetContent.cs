namespace LiveDash.Grains;

/// <summary>
/// A tag set's content as its pairs sorted by key (ordinal): two are equal exactly when they hold the
/// same pairs, keys and values compared ordinally, whatever the order or comparer of the dictionaries
/// they came from. Used by <see cref="TagSetTable"/> to write equal tag sets once.
/// </summary>
internal readonly struct TagSetContent : IEquatable<TagSetContent>
{
    private readonly KeyValuePair<string, string>[] _pairs;
    private readonly int _hash;

    private TagSetContent(KeyValuePair<string, string>[] pairs)
    {
        _pairs = pairs;
        var hash = new HashCode();
        foreach (var (key, value) in pairs)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        _hash = hash.ToHashCode();
    }

    /// <summary>The content of <paramref name="tags"/>.</summary>
    public static TagSetContent Of(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count == 0)
        {
            return new TagSetContent([]);
        }

        var pairs = new KeyValuePair<string, string>[tags.Count];
        var i = 0;
        foreach (var pair in tags)
        {
            // A dictionary whose Count disagrees with its enumeration is broken; compare what it enumerates.
            if (i == pairs.Length)
            {
                Array.Resize(ref pairs, pairs.Length * 2);
            }

            pairs[i++] = pair;
        }

        Array.Resize(ref pairs, i);
        Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new TagSetContent(pairs);
    }

    /// <inheritdoc />
    public bool Equals(TagSetContent other)
    {
        if (_hash != other._hash || _pairs.Length != other._pairs.Length)
        {
            return false;
        }

        for (var i = 0; i < _pairs.Length; i++)
        {
            if (!string.Equals(_pairs[i].Key, other._pairs[i].Key, StringComparison.Ordinal)
                || !string.Equals(_pairs[i].Value, other._pairs[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TagSetContent other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;
}
