namespace LiveDash.Gateway.Transports.Sse;

/// <summary>
/// The Server-Sent Events transport's settings (configuration section <c>LiveDash:Gateway:Sse</c>).
/// Validated at start by <see cref="SseOptionsValidator"/>. The queue bounds every stream shares
/// (replay window, coalescing, lag limit) are <see cref="Push.PushOptions"/>.
/// </summary>
public sealed class SseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LiveDash:Gateway:Sse";

    /// <summary>
    /// The reconnection delay sent in the stream's first line (<c>retry: 1000</c>): how long an
    /// <c>EventSource</c> waits before it reconnects by itself (default 1 s; 0 to 1 hour, whole milliseconds on the wire).
    /// </summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a <c>: ping</c> comment is written, so proxies and load balancers do not close a quiet
    /// stream and a vanished client is noticed (default 15 s, CONTRACT.md; 10 ms to 1 hour).
    /// </summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Bytes of events written before the writer flushes and waits for the socket, when many events are
    /// queued at once (default 64 KiB, Kestrel's default response buffer; 1 KiB to 16 MiB). Bounds what one
    /// stream holds beyond its hub queue.
    /// </summary>
    public int MaxBytesPerFlush { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a stream the gateway closed may take to deliver its final <c>disconnect</c> event and end
    /// (default 2 s; 10 ms to 1 min). A slow consumer's socket is usually full: past this the response is
    /// aborted, which frees its buffers at once (the client reconnects and resumes either way).
    /// </summary>
    public TimeSpan DisconnectFlushTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
