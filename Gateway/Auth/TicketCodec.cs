using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// The ticket wire format: base64url (no padding) of 74 bytes — version (1 = this layout), scopes (1),
/// issued-at and expires-at Unix ms (8 + 8, big-endian), a random nonce (16), the issuing key's fingerprint
/// (8; zeros for open mode), then HMAC-SHA256 of the preceding 42 bytes (32), keyed by the issuing key's ticket
/// key (<see cref="TicketSigning"/>).
/// </summary>
/// <remarks>
/// A MAC over plain fields rather than Data Protection: Data Protection's key ring would have to be shared by
/// every gateway (a shared directory or database and its own key rotation) for a ticket issued by one gateway to
/// be redeemed at another or after a restart; deriving the MAC key from the API keys gives both with no shared
/// state, and removing a key invalidates its tickets by construction. The fields are not secret (the holder
/// already has the key), only unforgeable.
/// </remarks>
internal static class TicketCodec
{
    /// <summary>The layout version this gateway writes and reads.</summary>
    public const byte Version = 1;

    /// <summary>Bytes covered by the MAC.</summary>
    public const int BodyLength = 1 + 1 + 8 + 8 + 16 + ApiKey.FingerprintLength;

    /// <summary>Bytes of the MAC.</summary>
    public const int MacLength = 32;

    /// <summary>Bytes of a ticket before base64url.</summary>
    public const int Length = BodyLength + MacLength;

    /// <summary>Characters of an encoded ticket.</summary>
    public static readonly int EncodedLength = Base64Url.GetEncodedLength(Length);

    /// <summary>Encodes and signs a ticket.</summary>
    public static string Encode(AccessScope scopes, long issuedAtMs, long expiresAtMs, UInt128 nonce, ApiKey? issuer, byte[] openTicketKey)
    {
        Span<byte> ticket = stackalloc byte[Length];
        ticket[0] = Version;
        ticket[1] = (byte)scopes;
        BinaryPrimitives.WriteInt64BigEndian(ticket[2..], issuedAtMs);
        BinaryPrimitives.WriteInt64BigEndian(ticket[10..], expiresAtMs);
        BinaryPrimitives.WriteUInt128BigEndian(ticket[18..], nonce);
        var fingerprint = ticket.Slice(34, ApiKey.FingerprintLength);
        if (issuer is null)
        {
            fingerprint.Clear();
        }
        else
        {
            issuer.Fingerprint.CopyTo(fingerprint);
        }

        HMACSHA256.HashData(issuer?.TicketKey ?? openTicketKey, ticket[..BodyLength], ticket[BodyLength..]);
        return Base64Url.EncodeToString(ticket);
    }

    /// <summary>
    /// Decodes <paramref name="text"/> and verifies its signature against the keys in <paramref name="ring"/>.
    /// Says nothing about time or reuse (<see cref="TicketService"/> checks those).
    /// </summary>
    /// <returns>Whether the ticket is well-formed, of this version, and signed by a key of the ring (or open mode).</returns>
    public static bool TryDecode(ReadOnlySpan<char> text, KeyRing ring, out TicketContents contents)
    {
        contents = default;
        if (text.Length != EncodedLength)
        {
            return false;
        }

        Span<byte> ticket = stackalloc byte[Length];
        // The OperationStatus overload: TryDecodeFromChars throws on characters outside the alphabet.
        if (Base64Url.DecodeFromChars(text, ticket, out _, out var written) != OperationStatus.Done || written != Length || ticket[0] != Version)
        {
            return false;
        }

        // The last character carries two unused bits; only the canonical spelling is accepted, so one ticket
        // has exactly one text.
        Span<char> canonical = stackalloc char[EncodedLength];
        if (Base64Url.EncodeToChars(ticket, canonical) != EncodedLength || !canonical.SequenceEqual(text))
        {
            return false;
        }

        var fingerprint = ticket.Slice(34, ApiKey.FingerprintLength);
        var issuer = ring.FindByFingerprint(fingerprint);
        if (issuer is null && fingerprint.ContainsAnyExcept((byte)0))
        {
            // Issued by a key that is no longer configured (or never was).
            return false;
        }

        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(issuer?.TicketKey ?? ring.OpenTicketKey, ticket[..BodyLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, ticket[BodyLength..]))
        {
            return false;
        }

        var scopes = (AccessScope)ticket[1];
        if ((scopes & ~(AccessScope.View | AccessScope.Ingest)) != 0)
        {
            return false;
        }

        contents = new TicketContents(
            scopes,
            BinaryPrimitives.ReadInt64BigEndian(ticket[2..]),
            BinaryPrimitives.ReadInt64BigEndian(ticket[10..]),
            BinaryPrimitives.ReadUInt128BigEndian(ticket[18..]),
            issuer);
        return true;
    }
}
