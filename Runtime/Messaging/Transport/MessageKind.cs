namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>What a <see cref="Message"/> is; one byte on the wire, so values never change meaning.</summary>
internal enum MessageKind : byte
{
    /// <summary>A call that expects a <see cref="Response"/> with the same id.</summary>
    Request = 1,

    /// <summary>The answer to a <see cref="Request"/>, carrying its id.</summary>
    Response = 2,

    /// <summary>A call that expects no answer.</summary>
    OneWay = 3,

    /// <summary>A liveness probe from another silo's failure detector.</summary>
    Probe = 4,

    /// <summary>The answer to a <see cref="Probe"/>, carrying its id.</summary>
    ProbeReply = 5,

    /// <summary>
    /// A stream item for a subscribed node; expects no answer. The target is the stream's rendezvous
    /// grain, the id the item's sequence, the body the epoch (8 bytes, little-endian) then the item.
    /// </summary>
    StreamItem = 6,
}
