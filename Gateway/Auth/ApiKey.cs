using System.Security.Cryptography;
using System.Text;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// One configured API key, held only as derived values: its SHA-256 (compared in constant time), a short
/// fingerprint (the partition for per-key limits, and the issuer id inside tickets) and the key that signs its
/// tickets. The key itself is not kept.
/// </summary>
internal sealed class ApiKey
{
    /// <summary>Bytes of <see cref="Fingerprint"/>: 64 bits tell a handful of keys apart and reveal nothing usable.</summary>
    public const int FingerprintLength = 8;

    private static readonly byte[] s_fingerprintInfo = "livedash key fingerprint v1"u8.ToArray();

    private ApiKey(byte[] hash, AccessScope scopes, byte[] fingerprint, byte[] ticketKey)
    {
        Hash = hash;
        Scopes = scopes;
        Fingerprint = fingerprint;
        FingerprintHex = Convert.ToHexStringLower(fingerprint);
        TicketKey = ticketKey;
    }

    /// <summary>SHA-256 of the key's UTF-8 bytes.</summary>
    public byte[] Hash { get; }

    /// <summary>The scopes the key's lists give it.</summary>
    public AccessScope Scopes { get; }

    /// <summary>A fingerprint of the key, derived apart from <see cref="Hash"/> so it cannot stand in for it.</summary>
    public byte[] Fingerprint { get; }

    /// <summary><see cref="Fingerprint"/> in lower-case hex: the grant's partition key.</summary>
    public string FingerprintHex { get; }

    /// <summary>The HMAC-SHA256 key of the tickets this key issues.</summary>
    public byte[] TicketKey { get; }

    /// <summary>Derives the values of <paramref name="key"/>.</summary>
    public static ApiKey Create(string key, AccessScope scopes, byte[] ticketSalt)
    {
        var hash = HashKey(key);
        var fingerprint = HKDF.Expand(HashAlgorithmName.SHA256, hash, FingerprintLength, s_fingerprintInfo);
        return new ApiKey(hash, scopes, fingerprint, TicketSigning.DeriveKey(hash, ticketSalt));
    }

    /// <summary>SHA-256 of a key's UTF-8 bytes.</summary>
    public static byte[] HashKey(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Hashes a presented key into <paramref name="destination"/> (32 bytes) without allocating for usual key lengths.</summary>
    public static void HashKey(ReadOnlySpan<char> key, Span<byte> destination)
    {
        var length = Encoding.UTF8.GetByteCount(key);
        var bytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(key, bytes);
        SHA256.HashData(bytes, destination);
    }
}
