namespace LiveDash.Gateway.Auth;

/// <summary>The outcome of <see cref="TicketService.Redeem"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Scopes">The scopes granted (when <see cref="TicketRedemptionStatus.Granted"/>).</param>
/// <param name="Issuer">The issuing key (null for an open-mode ticket).</param>
/// <param name="SessionExpiresAt">When a connection opened with it must reauthenticate (null for an open-mode ticket).</param>
/// <param name="RetryAfter">When <see cref="TicketRedemptionStatus.Saturated"/>: how long until redeeming can succeed.</param>
internal readonly record struct TicketRedemption(TicketRedemptionStatus Status, AccessScope Scopes, ApiKey? Issuer, DateTimeOffset? SessionExpiresAt, TimeSpan RetryAfter)
{
    /// <summary>A refusal with no further data.</summary>
    public static TicketRedemption Refused(TicketRedemptionStatus status) => new(status, AccessScope.None, null, null, TimeSpan.Zero);
}
