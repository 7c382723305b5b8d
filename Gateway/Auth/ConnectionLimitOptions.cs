namespace LiveDash.Gateway.Auth;

/// <summary>
/// The per-client-address cap on push connections (configuration section <c>LiveDash:Gateway:Connections</c>).
/// Validated at start by <see cref="ConnectionLimitOptionsValidator"/>.
/// </summary>
public sealed class ConnectionLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LiveDash:Gateway:Connections";

    /// <summary>
    /// Open push connections (SSE, WebSocket, long polls) one client address may hold (default 1,000); one more is
    /// answered <c>429</c> with <c>Retry-After</c>. IPv6 clients count per /64 prefix, since one host owns a whole /64.
    /// </summary>
    public int MaxPerIp { get; set; } = 1000;

    /// <summary>
    /// Whether loopback clients are exempt from <see cref="MaxPerIp"/> (default <see langword="true"/>): they are a
    /// local reverse proxy (which carries every client), the dashboard in development, or a load generator.
    /// </summary>
    public bool ExemptLoopback { get; set; } = true;
}
