using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Auth;

/// <summary>Auth log messages (event ids 2100–2199). None carries a key, a ticket or a secret.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Auth: ingest {IngestMode} ({IngestKeyCount} keys), view {ViewMode} ({ViewKeyCount} keys); "
        + "tickets valid {TicketLifetime}, ticket sessions {SessionLifetime}, signed {TicketSigning}, at most {MaxRedeemedTickets} remembered; "
        + "{AllowedOriginCount} extra WebSocket origins; at most {MaxPerIp} push connections per client address (loopback exempt: {ExemptLoopback}).")]
    public static partial void AuthConfigured(
        ILogger logger, string ingestMode, int ingestKeyCount, string viewMode, int viewKeyCount, TimeSpan ticketLifetime, TimeSpan sessionLifetime,
        string ticketSigning, int maxRedeemedTickets, int allowedOriginCount, int maxPerIp, bool exemptLoopback);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Critical, Message = "{Setting} is empty, so {Access} is open to anyone, but the server bound {Address}, "
        + "which is not loopback; stopping. Configure keys, or bind 127.0.0.1 or localhost only.")]
    public static partial void OpenOnNonLoopbackBind(ILogger logger, string setting, string access, string address);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Auth keys reloaded: {IngestKeyCount} ingest keys, {ViewKeyCount} view keys.")]
    public static partial void KeysReloaded(ILogger logger, int ingestKeyCount, int viewKeyCount);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Auth configuration reload rejected; the previous keys stay in force: {Failures}")]
    public static partial void KeysReloadRejected(ILogger logger, string failures);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "{Setting} is empty and the gateway binds {Address}, which is not loopback: "
        + "{Access} is refused to everyone until keys are configured.")]
    public static partial void ScopeClosed(ILogger logger, string setting, string access, string address);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "{Count} configured API keys are shorter than {MinLength} characters; "
        + "use long random keys (e.g. 32 random bytes, base64url-encoded).")]
    public static partial void ShortKeys(ILogger logger, int count, int minLength);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "{Count} tickets redeemed within their lifetime fill {Option}; "
        + "redemptions are answered 429 until the oldest expire.")]
    public static partial void RedeemedTicketsFull(ILogger logger, int count, string option);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Debug, Message = "Client address {Address} holds {Max} push connections ({Option}); one more was refused with 429.")]
    public static partial void ConnectionCapReached(ILogger logger, string address, int max, string option);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Debug, Message = "WebSocket upgrade from origin {Origin} refused: neither the gateway's own origin nor listed in {Option}.")]
    public static partial void OriginRefused(ILogger logger, string origin, string option);
}
