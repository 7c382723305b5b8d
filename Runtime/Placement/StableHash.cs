namespace LiveDash.Runtime.Placement;

/// <summary>
/// Hashes that every node computes identically, on any platform and in any process (unlike
/// <see cref="string.GetHashCode()"/>, which is randomised per process). Placement depends on it.
/// </summary>
internal static class StableHash
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>FNV-1a over the UTF-16 code units of the grain type, a separator and the key.</summary>
    public static ulong Of(GrainId grainId)
    {
        var hash = Append(FnvOffset, grainId.Type);
        hash = (hash ^ '/') * FnvPrime;
        return Append(hash, grainId.Key);
    }

    /// <summary>FNV-1a over the text of <paramref name="value"/>.</summary>
    public static ulong Of(string value) => Append(FnvOffset, value);

    /// <summary>
    /// A 64-bit finaliser (MurmurHash3's fmix64): spreads the bits of <paramref name="value"/> so
    /// that combining two FNV hashes by XOR yields uniformly distributed scores.
    /// </summary>
    public static ulong Mix(ulong value)
    {
        value ^= value >> 33;
        value *= 0xff51afd7ed558ccd;
        value ^= value >> 33;
        value *= 0xc4ceb9fe1a85ec53;
        value ^= value >> 33;
        return value;
    }

    private static ulong Append(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        return hash;
    }
}
