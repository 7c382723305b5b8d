namespace LiveDash.Gateway.Auth;

/// <summary>How a ticket redemption ended.</summary>
internal enum TicketRedemptionStatus
{
    /// <summary>Valid, grants the scope, consumed now.</summary>
    Granted,

    /// <summary>Malformed, tampered with, from an unknown or removed key, or claiming an impossible lifetime (401).</summary>
    Invalid,

    /// <summary>Past its expiry (401: get a new one).</summary>
    Expired,

    /// <summary>Redeemed before on this gateway (401: get a new one).</summary>
    AlreadyUsed,

    /// <summary>Valid, but its key lacks the scope the endpoint needs (403).</summary>
    Forbidden,

    /// <summary>Too many unexpired redemptions are remembered (429 with <c>Retry-After</c>).</summary>
    Saturated,
}
