namespace LiveDash.Grains;

/// <summary>
/// Numbers the distinct tag sets of a batch's samples for <see cref="MetricBatchJsonConverter"/>:
/// samples whose tags have equal content get one number, whether or not they share the dictionary.
/// </summary>
/// <remarks>
/// Cost: a reference lookup per sample (the gateway and the converter's reader hand out one dictionary
/// per tag set, so that is the usual hit); only a dictionary instance not seen before in the batch is
/// compared by content, through its pairs sorted by key. Equal content means the same pairs, key and
/// value compared ordinally, whatever comparer a dictionary uses, so two tag sets that differ only in
/// case are never merged. One table per thread is reused (the converter never re-enters itself, and
/// a re-entrant use simply gets a new table).
/// </remarks>
internal sealed class TagSetTable
{
    // Tables that grew past this many samples or tag sets are dropped, not kept for the thread.
    private const int MaxRetained = 4096;

    [ThreadStatic]
    private static TagSetTable? s_cached;

    private readonly Dictionary<object, int> _byInstance = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TagSetContent, int> _byContent = [];
    private readonly List<IReadOnlyDictionary<string, string>?> _distinct = [];
    private int[] _indexes = new int[64];
    private int _nullIndex = -1;
    private IReadOnlyDictionary<string, string>? _lastTags;
    private int _lastIndex;

    /// <summary>The distinct tag sets in order of first use; a null entry stands for samples with null tags.</summary>
    public List<IReadOnlyDictionary<string, string>?> Distinct => _distinct;

    /// <summary>This thread's table, or a new one when it is in use.</summary>
    public static TagSetTable Rent()
    {
        var table = s_cached ?? new TagSetTable();
        s_cached = null;
        return table;
    }

    /// <summary>Clears <paramref name="table"/> (it must not hold on to tags) and keeps it for the thread unless it grew large.</summary>
    public static void Return(TagSetTable table)
    {
        var large = table._indexes.Length > MaxRetained || table._distinct.Count > MaxRetained;
        table._byInstance.Clear();
        table._byContent.Clear();
        table._distinct.Clear();
        table._nullIndex = -1;
        table._lastTags = null;
        if (!large)
        {
            s_cached = table;
        }
    }

    /// <summary>Numbers the tag sets of <paramref name="samples"/> (null samples get no number).</summary>
    public void Index(IReadOnlyList<MetricSample> samples)
    {
        if (_indexes.Length < samples.Count)
        {
            _indexes = new int[Math.Max(samples.Count, _indexes.Length * 2)];
        }

        for (var i = 0; i < samples.Count; i++)
        {
            _indexes[i] = samples[i] is { } sample ? IndexOf(sample.Tags) : -1;
        }
    }

    /// <summary>The number of sample <paramref name="sampleIndex"/>'s tag set, after <see cref="Index"/>.</summary>
    public int IndexOf(int sampleIndex) => _indexes[sampleIndex];

    private int IndexOf(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            if (_nullIndex < 0)
            {
                _nullIndex = _distinct.Count;
                _distinct.Add(null);
            }

            return _nullIndex;
        }

        if (ReferenceEquals(tags, _lastTags))
        {
            return _lastIndex;
        }

        if (!_byInstance.TryGetValue(tags, out var index))
        {
            var content = TagSetContent.Of(tags);
            if (!_byContent.TryGetValue(content, out index))
            {
                index = _distinct.Count;
                _distinct.Add(tags);
                _byContent.Add(content, index);
            }

            _byInstance.Add(tags, index);
        }

        _lastTags = tags;
        _lastIndex = index;
        return index;
    }
}
