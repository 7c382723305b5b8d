using System.Security.Cryptography;
using System.Text;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// The keys that sign tickets. Each API key signs its own tickets with a key derived from it (HKDF-SHA256,
/// salted with <see cref="AuthOptions.TicketSecret"/> when set), so every gateway configured with that API key
/// verifies them, before or after a restart, and removing the API key invalidates them.
/// </summary>
internal static class TicketSigning
{
    private static readonly byte[] s_info = "livedash ticket v1"u8.ToArray();

    // Open-mode tickets grant only scopes that are open anyway, so their signing key needs no secret; it is
    // fixed (salted with TicketSecret when set) so that open gateways verify each other's tickets too.
    private static readonly byte[] s_openInput = "livedash open ticket v1"u8.ToArray();

    /// <summary>The HKDF salt for <paramref name="ticketSecret"/> (empty when none is set).</summary>
    public static byte[] Salt(string? ticketSecret)
        => string.IsNullOrEmpty(ticketSecret) ? [] : Encoding.UTF8.GetBytes(ticketSecret);

    /// <summary>Derives a ticket signing key from an API key's hash.</summary>
    public static byte[] DeriveKey(byte[] keyHash, byte[] salt)
        => HKDF.DeriveKey(HashAlgorithmName.SHA256, keyHash, 32, salt, s_info);

    /// <summary>The signing key of open-mode tickets.</summary>
    public static byte[] OpenKey(byte[] salt) => DeriveKey(SHA256.HashData(s_openInput), salt);
}
