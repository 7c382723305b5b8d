namespace LiveDash.Gateway.Auth;

/// <summary>What a ticket says, once its signature is verified.</summary>
/// <param name="Scopes">The scopes of the credentials it was issued for.</param>
/// <param name="IssuedAtMs">When it was issued (Unix ms, the issuing gateway's clock).</param>
/// <param name="ExpiresAtMs">When it stops being redeemable (Unix ms).</param>
/// <param name="Nonce">A random 128-bit id: what single use remembers.</param>
/// <param name="Issuer">The issuing key, or null for an open-mode ticket.</param>
internal readonly record struct TicketContents(AccessScope Scopes, long IssuedAtMs, long ExpiresAtMs, UInt128 Nonce, ApiKey? Issuer);
