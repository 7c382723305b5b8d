using System.Security.Cryptography;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// The configured keys at one moment (immutable; <see cref="KeyRingProvider"/> swaps in a new ring when the
/// configuration reloads). A key listed in both lists has both scopes.
/// </summary>
internal sealed class KeyRing
{
    private readonly ApiKey[] _keys;

    private KeyRing(ApiKey[] keys, int ingestKeyCount, int viewKeyCount, byte[] openTicketKey)
    {
        _keys = keys;
        IngestKeyCount = ingestKeyCount;
        ViewKeyCount = viewKeyCount;
        OpenTicketKey = openTicketKey;
        var empty = AccessScope.None;
        if (ingestKeyCount == 0)
        {
            empty |= AccessScope.Ingest;
        }

        if (viewKeyCount == 0)
        {
            empty |= AccessScope.View;
        }

        UnkeyedScopes = empty;
    }

    /// <summary>Distinct ingest keys.</summary>
    public int IngestKeyCount { get; }

    /// <summary>Distinct view keys.</summary>
    public int ViewKeyCount { get; }

    /// <summary>Distinct keys.</summary>
    public int KeyCount => _keys.Length;

    /// <summary>Scopes whose key list is empty: open on a loopback-only gateway, closed otherwise.</summary>
    public AccessScope UnkeyedScopes { get; }

    /// <summary>The signing key of open-mode tickets.</summary>
    public byte[] OpenTicketKey { get; }

    /// <summary>Builds the ring of <paramref name="options"/> (already validated).</summary>
    public static KeyRing Create(AuthOptions options)
    {
        var ingest = CommaList.Parse(options.IngestKeys);
        var view = CommaList.Parse(options.ViewKeys);
        var salt = TicketSigning.Salt(options.TicketSecret);
        var keys = new List<ApiKey>();
        foreach (var key in ingest.Union(view, StringComparer.Ordinal))
        {
            var scopes = (ingest.Contains(key, StringComparer.Ordinal) ? AccessScope.Ingest : AccessScope.None)
                | (view.Contains(key, StringComparer.Ordinal) ? AccessScope.View : AccessScope.None);
            keys.Add(ApiKey.Create(key, scopes, salt));
        }

        return new KeyRing([.. keys], ingest.Count, view.Count, TicketSigning.OpenKey(salt));
    }

    /// <summary>The configured key equal to <paramref name="presented"/>, or null.</summary>
    /// <remarks>
    /// Both sides are SHA-256 hashes compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, and every
    /// key is compared (no early exit), so timing reveals neither a key's bytes nor which key matched.
    /// </remarks>
    public ApiKey? Match(ReadOnlySpan<char> presented)
    {
        Span<byte> hash = stackalloc byte[32];
        ApiKey.HashKey(presented, hash);
        ApiKey? found = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                found = key;
            }
        }

        return found;
    }

    /// <summary>The configured key with <paramref name="fingerprint"/> (a ticket's issuer), or null.</summary>
    public ApiKey? FindByFingerprint(ReadOnlySpan<byte> fingerprint)
    {
        foreach (var key in _keys)
        {
            if (fingerprint.SequenceEqual(key.Fingerprint))
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>The configured key whose <see cref="ApiKey.FingerprintHex"/> is <paramref name="fingerprintHex"/>, or null.</summary>
    public ApiKey? FindByFingerprintHex(string fingerprintHex)
    {
        foreach (var key in _keys)
        {
            if (string.Equals(key.FingerprintHex, fingerprintHex, StringComparison.Ordinal))
            {
                return key;
            }
        }

        return null;
    }
}
