namespace LiveDash.Runtime.Messaging;

/// <summary>
/// Silo-to-silo transport options (configuration section <c>LiveDash:Runtime:Transport</c>).
/// The cluster id the handshake checks is not here: it is <c>LiveDash:Cluster:ClusterId</c>.
/// </summary>
public sealed class TransportOptions
{
    /// <summary>Configuration section the silo binds these options from.</summary>
    public const string SectionName = "LiveDash:Runtime:Transport";

    /// <summary>
    /// How many messages one connection queues for its writer before a sender waits for room; the
    /// bound keeps a peer that stops reading from growing our memory. Default: 4096. Range: 1 to 1,048,576.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 4096;

    /// <summary>
    /// The largest frame (header and body) sent or accepted, in bytes. A larger outgoing message fails
    /// its send; a larger incoming frame closes the connection, since the stream cannot be trusted
    /// after it. Default: 16 MiB. Range: 1 KiB to 1 GiB.
    /// </summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How long opening a TCP connection to a peer may take before the send that needed it fails
    /// with <see cref="SiloUnavailableException"/>. Default: 2 s. Range: 10 ms to 5 min.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long either side of a new connection waits for the other's handshake before it drops the
    /// connection. Default: 5 s. Range: 10 ms to 5 min.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After a failed connect to a peer, how long sends to it fail at once instead of trying again,
    /// so many callers to a dead silo do not become a storm of connects. Default: 250 ms.
    /// Range: 0 to 1 min.
    /// </summary>
    public TimeSpan ReconnectBackoff { get; set; } = TimeSpan.FromMilliseconds(250);
}
