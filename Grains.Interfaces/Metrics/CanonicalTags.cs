using System.Collections.ObjectModel;
using System.Text;

namespace LiveDash.Grains;

/// <summary>
/// The canonical form of a tag set: its pairs sorted by key (ordinal) and joined into one string,
/// which identifies a series regardless of the order the producer sent the tags in. A metric's
/// series are ordered by this key (ordinal, that is UTF-16 code unit, comparison), in snapshots and
/// deltas alike, so every reader that applies deltas (<see cref="MetricSnapshot.Apply"/> in the
/// gateway, its mirror in the dashboard UI) must compute the same key.
/// </summary>
/// <remarks>
/// Wire format of the key: <c>k1=v1␞k2=v2</c> with U+001E (record separator) between pairs. It is
/// unambiguous because validated keys never contain '=' or control characters and validated
/// values never contain control characters. Only valid tag sets (see
/// <see cref="MetricSampleValidator"/>) may be passed in.
/// </remarks>
public static class CanonicalTags
{
    private const char PairSeparator = '\u001E';

    /// <summary>An untagged series' tags.</summary>
    public static readonly IReadOnlyDictionary<string, string> Empty =
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>The canonical key of <paramref name="tags"/>.</summary>
    public static string Key(IReadOnlyDictionary<string, string> tags)
    {
        switch (tags.Count)
        {
            case 0:
                return string.Empty;
            case 1:
                foreach (var (key, value) in tags)
                {
                    return string.Concat(key, "=", value);
                }

                break;
        }

        var keys = SortedKeys(tags);
        var builder = new StringBuilder();
        foreach (var key in keys)
        {
            if (builder.Length > 0)
            {
                builder.Append(PairSeparator);
            }

            builder.Append(key).Append('=').Append(tags[key]);
        }

        return builder.ToString();
    }

    /// <summary>A read-only copy of <paramref name="tags"/> that enumerates (and so serialises) in key order.</summary>
    public static IReadOnlyDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count == 0)
        {
            return Empty;
        }

        // Dictionary enumerates in insertion order while nothing is removed, and this one is never mutated.
        var sorted = new Dictionary<string, string>(tags.Count, StringComparer.Ordinal);
        foreach (var key in SortedKeys(tags))
        {
            sorted.Add(key, tags[key]);
        }

        return new ReadOnlyDictionary<string, string>(sorted);
    }

    private static string[] SortedKeys(IReadOnlyDictionary<string, string> tags)
    {
        var keys = new string[tags.Count];
        var i = 0;
        foreach (var key in tags.Keys)
        {
            keys[i++] = key;
        }

        Array.Sort(keys, StringComparer.Ordinal);
        return keys;
    }
}
