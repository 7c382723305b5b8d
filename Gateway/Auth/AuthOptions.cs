namespace LiveDash.Gateway.Auth;

/// <summary>
/// Keys, tickets and WebSocket origins (configuration section <c>LiveDash:Auth</c>; CONTRACT.md, "Auth rule").
/// Validated at start by <see cref="AuthOptionsValidator"/>; the effective mode is logged at start with key
/// counts only, never keys.
/// </summary>
/// <remarks>
/// <see cref="IngestKeys"/>, <see cref="ViewKeys"/> and <see cref="TicketSecret"/> are re-read when the
/// configuration reloads (key rotation without a restart); the other settings are read once at start.
/// </remarks>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LiveDash:Auth";

    /// <summary>
    /// Comma-separated API keys allowed to write (default empty; whitespace around entries is trimmed, empty
    /// entries are ignored; a JSON array is accepted too). Empty means writing is open, which the gateway
    /// allows only when it binds loopback addresses alone.
    /// </summary>
    public string IngestKeys { get; set; } = "";

    /// <summary>Comma-separated API keys allowed to read and subscribe (default empty; same rules as <see cref="IngestKeys"/>).</summary>
    public string ViewKeys { get; set; } = "";

    /// <summary>How long a ticket from <c>POST /api/v1/tickets</c> may wait before it is redeemed (default 30 s, CONTRACT.md).</summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a push connection opened with a ticket may live (default 1 hour, counted from the ticket's issue);
    /// then it is closed with <c>4001 reauthenticate</c> and the client reconnects with a fresh ticket. This bounds
    /// how long a removed key's connections, or a stolen ticket's, can outlive it on a gateway that missed a reload.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Comma-separated origins (<c>scheme://host[:port]</c>) allowed to open WebSockets besides the gateway's own
    /// origin (default empty; <c>*</c> allows every origin).
    /// </summary>
    public string AllowedOrigins { get; set; } = "";

    /// <summary>
    /// Optional extra secret mixed into every ticket signature (default none; at least 16 characters, the same on
    /// every gateway). Without it a ticket is signed with a key derived from its issuing API key, which is enough
    /// for correctness; with it a ticket seen in a log cannot be used to guess a weak API key offline. Changing it
    /// invalidates outstanding tickets.
    /// </summary>
    public string? TicketSecret { get; set; }

    /// <summary>
    /// Redeemed tickets remembered to refuse a second use (default 100,000; an entry is dropped when its ticket
    /// expires). When full, redeeming is answered <c>429</c> with <c>Retry-After</c> until entries expire.
    /// </summary>
    public int MaxRedeemedTickets { get; set; } = 100_000;
}
