namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>
/// The WebSocket transport's timings and bounds (configuration section <c>LiveDash:Gateway:WebSockets</c>).
/// Validated at start by <see cref="WebSocketTransportOptionsValidator"/>.
/// </summary>
public sealed class WebSocketTransportOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LiveDash:Gateway:WebSockets";

    /// <summary>
    /// How long the connection may be silent from the client's side before the gateway sends a ping frame
    /// (default 30 s, CONTRACT.md). Together with <see cref="KeepAliveTimeout"/> it is ASP.NET Core's
    /// PING/PONG keep-alive (<c>WebSocketAcceptContext.KeepAliveInterval</c>).
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the gateway waits for the pong answering its ping before it drops the connection
    /// (default 10 s, CONTRACT.md; <c>WebSocketAcceptContext.KeepAliveTimeout</c>). Detects a client that
    /// vanished without closing its TCP connection (a sleeping laptop, a dropped mobile link).
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest message a client may send, in bytes (default 64 KiB). A longer one closes the
    /// connection with <c>4500 bad_request</c>: the gateway never buffers more than this per connection.
    /// </summary>
    public int MaxIncomingMessageBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Client messages received but not yet handled (default 16). Messages are handled one at a time, in
    /// order; when this many wait, the gateway stops reading the socket until one is done (TCP backpressure).
    /// </summary>
    public int MaxPendingRequests { get; set; } = 16;

    /// <summary>
    /// Replies (acks, errors, pongs) waiting for the socket (default 32). When the client does not read
    /// them, handling its next message waits, which in turn stops reading (see <see cref="MaxPendingRequests"/>).
    /// </summary>
    public int MaxPendingReplies { get; set; } = 32;

    /// <summary>
    /// How long the gateway waits, after it sent a close frame, for the client's close frame, and how
    /// long a send may block once the connection is being closed (default 5 s); past it the connection is
    /// dropped without the closing handshake.
    /// </summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
