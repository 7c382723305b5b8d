namespace LiveDash.Gateway.Auth;

/// <summary>A ticket just issued.</summary>
/// <param name="Ticket">The opaque ticket text (base64url).</param>
/// <param name="ExpiresAt">When it stops being redeemable.</param>
internal readonly record struct IssuedTicket(string Ticket, DateTimeOffset ExpiresAt);
