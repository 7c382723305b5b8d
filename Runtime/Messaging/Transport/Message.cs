namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>
/// One unit the transport carries between silos: a small fixed header and an opaque body. The
/// transport never interprets <see cref="Body"/>; the layer above serialised it already. A message
/// is owned by its sender until the send completes, and must not be changed while it is queued.
/// </summary>
internal sealed class Message
{
    /// <summary>Request, response, one-way call, probe or probe reply.</summary>
    public MessageKind Kind { get; set; }

    /// <summary>The outcome, on responses; <see cref="MessageStatus.Ok"/> on everything else.</summary>
    public MessageStatus Status { get; set; }

    /// <summary>Correlates a response with its request; chosen by the requester, unique per requester.</summary>
    public long Id { get; set; }

    /// <summary>The grain the message is for; <c>default</c> (null <see cref="GrainId.Type"/>) when none.</summary>
    public GrainId Target { get; set; }

    /// <summary>Which method of the target's interface is called.</summary>
    public uint MethodId { get; set; }

    /// <summary>
    /// Time the call had left when it was sent, in milliseconds; 0 = no deadline. Relative, not an
    /// absolute time, so silos need not agree on the clock.
    /// </summary>
    public int DeadlineMilliseconds { get; set; }

    /// <summary>The sender's cluster view version; a "not owner" answer tells the caller which view to catch up to.</summary>
    public long ViewVersion { get; set; }

    /// <summary>Already-serialised JSON bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }
}
