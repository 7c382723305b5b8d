namespace LiveDash.Gateway.Auth;

/// <summary>The outcome of <see cref="RedeemedTickets.TryRedeem"/>.</summary>
internal enum RedeemStatus
{
    /// <summary>First use: the ticket is consumed.</summary>
    Redeemed,

    /// <summary>The ticket was redeemed before on this gateway.</summary>
    AlreadyUsed,

    /// <summary>Too many unexpired redemptions are remembered; retry when some expire.</summary>
    Full,
}
