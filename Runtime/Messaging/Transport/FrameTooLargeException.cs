namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>
/// A frame is larger than <see cref="TransportOptions.MaxFrameSize"/>. Outgoing, it fails only that
/// send; incoming, the reader closes the connection, because it will not buffer the frame to skip it.
/// </summary>
internal sealed class FrameTooLargeException : Exception
{
    /// <summary>Builds the message from the frame's size, the limit and the option that sets it.</summary>
    public FrameTooLargeException(long frameLength, int maxFrameSize, bool incoming)
        : base($"{(incoming ? "An incoming" : "The outgoing")} frame of {frameLength} bytes exceeds "
            + $"{TransportOptions.SectionName}:{nameof(TransportOptions.MaxFrameSize)} = {maxFrameSize} bytes.")
    {
        FrameLength = frameLength;
        MaxFrameSize = maxFrameSize;
    }

    /// <summary>The frame's size in bytes, header included.</summary>
    public long FrameLength { get; }

    /// <summary>The limit in force.</summary>
    public int MaxFrameSize { get; }
}
