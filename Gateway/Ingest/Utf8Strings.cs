using System.Text;
using System.Text.Unicode;

namespace LiveDash.Gateway.Ingest;

/// <summary>Turns UTF-8 names and values of one batch into strings, each distinct one allocated once (<see cref="Utf8Cache{TValue}"/>).</summary>
internal sealed class Utf8Strings
{
    private readonly Utf8Cache<string> _cache = new(512);

    /// <summary>The hash of <paramref name="utf8"/> for the <see cref="Utf8Cache{TValue}"/> lookups (per-process seed).</summary>
    public static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = default(HashCode);
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }

    /// <summary>The string for <paramref name="utf8"/>, or null when the bytes are not valid UTF-8.</summary>
    public string? Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        var hash = Hash(utf8);
        if (_cache.TryGet(utf8, hash, out var cached))
        {
            return cached;
        }

        if (!Utf8.IsValid(utf8))
        {
            return null;
        }

        var value = Encoding.UTF8.GetString(utf8);
        _cache.TryAdd(utf8, hash, value);
        return value;
    }

    /// <summary>A short printable preview of bytes that may not be valid UTF-8, for error messages.</summary>
    public static string Preview(ReadOnlySpan<byte> utf8, int maxBytes = 64)
    {
        var cut = utf8.Length > maxBytes ? utf8[..maxBytes] : utf8;
        var text = Encoding.UTF8.GetString(cut);
        return utf8.Length > maxBytes ? text + "…" : text;
    }
}
