namespace LiveDash.Gateway.Auth;

/// <summary>The answer of <c>POST /api/v1/tickets</c>.</summary>
/// <param name="Ticket">The opaque, single-use ticket: pass it as the <c>ticket</c> query parameter of a push endpoint.</param>
/// <param name="ExpiresAt">When it stops being redeemable (Unix ms).</param>
public sealed record TicketResponse(string Ticket, long ExpiresAt);
