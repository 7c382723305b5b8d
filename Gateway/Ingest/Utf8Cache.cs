namespace LiveDash.Gateway.Ingest;

/// <summary>
/// A small map from UTF-8 byte strings to values, looked up by span without allocating: a batch
/// repeats the same metric names, tag keys, tag values and whole tag sets thousands of times, and
/// this turns each repeat into a hash and a compare instead of a new string or dictionary. One per
/// parse, single-threaded.
/// </summary>
/// <remarks>
/// Open addressing with linear probing over a power-of-two table. It stops taking entries at half
/// capacity (lookups stay short; a batch with more distinct keys than that just allocates as
/// usual), and keys longer than <see cref="MaxKeyBytes"/> are never cached.
/// </remarks>
/// <typeparam name="TValue">The cached value.</typeparam>
internal sealed class Utf8Cache<TValue>
    where TValue : class
{
    /// <summary>Longest cached key, in bytes.</summary>
    public const int MaxKeyBytes = 512;

    private readonly Entry[] _entries;
    private readonly int _mask;
    private int _count;

    /// <param name="capacity">Table size; a power of two.</param>
    public Utf8Cache(int capacity = 256)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be a positive power of two.");
        }

        _entries = new Entry[capacity];
        _mask = capacity - 1;
    }

    /// <summary>Finds the value cached for <paramref name="key"/> (<paramref name="hash"/> from <see cref="Utf8Strings.Hash"/>).</summary>
    public bool TryGet(ReadOnlySpan<byte> key, int hash, out TValue value)
    {
        if (key.Length <= MaxKeyBytes)
        {
            for (var i = hash & _mask; _entries[i].Key is { } stored; i = (i + 1) & _mask)
            {
                if (_entries[i].Hash == hash && key.SequenceEqual(stored))
                {
                    value = _entries[i].Value!;
                    return true;
                }
            }
        }

        value = null!;
        return false;
    }

    /// <summary>Caches <paramref name="value"/> for <paramref name="key"/> unless the table is half full or the key too long.</summary>
    public void TryAdd(ReadOnlySpan<byte> key, int hash, TValue value)
    {
        if (key.Length > MaxKeyBytes || _count >= _entries.Length / 2)
        {
            return;
        }

        var i = hash & _mask;
        while (_entries[i].Key is not null)
        {
            i = (i + 1) & _mask;
        }

        _entries[i] = new Entry(hash, key.ToArray(), value);
        _count++;
    }

    private readonly record struct Entry(int Hash, byte[]? Key, TValue? Value);
}
