namespace LiveDash.Gateway.Push;

/// <summary>
/// Why the gateway ends a push connection: the one table shared by SSE (the final
/// <c>disconnect</c> event), WebSocket close codes and the dashboard's transport module
/// (README, "Disconnect codes").
/// </summary>
/// <remarks>
/// Codes 4000–4499 mean "reconnect" (with backoff, resuming from the last cursor); 4500–4999 mean
/// "do not reconnect until something changes" (the request itself is wrong). The numbers are in the
/// WebSocket private-use range, so a close frame carries them unchanged. Values never change meaning
/// once released; new reasons take new numbers.
/// </remarks>
public enum DisconnectCode
{
    /// <summary>The gateway is shutting down or restarting; reconnect (to it or another gateway).</summary>
    Shutdown = 4000,

    /// <summary>The credentials the connection was opened with expired: get a new ticket, then reconnect.</summary>
    Reauthenticate = 4001,

    /// <summary>The client fell further behind than the lag limit; reconnect and resume from the last cursor.</summary>
    SlowConsumer = 4002,

    /// <summary>The gateway cannot reach the cluster for a subscribed topic right now; reconnect later.</summary>
    Unavailable = 4003,

    /// <summary>The client broke the protocol (a malformed or oversized message); do not reconnect as is.</summary>
    BadRequest = 4500,

    /// <summary>The ticket or key is missing or invalid; do not reconnect without new credentials.</summary>
    Unauthorized = 4501,

    /// <summary>The credentials lack the scope the request needs; do not reconnect as is.</summary>
    Forbidden = 4502,
}
