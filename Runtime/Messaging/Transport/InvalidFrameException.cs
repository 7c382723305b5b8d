namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>
/// The bytes on a connection are not a valid frame (bad lengths, unknown kind, the stream ending
/// inside a frame). The stream cannot be resynchronised after it, so the connection is closed.
/// </summary>
internal sealed class InvalidFrameException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> says what was wrong.</summary>
    public InvalidFrameException(string message)
        : base(message)
    {
    }
}
