namespace LiveDash.Gateway.Ingest;

/// <summary>
/// A write body is not the text its content type claims (bytes that are not UTF-8). Thrown inside a
/// parser and caught by it, to unwind nested reading in one step; it never leaves the parser.
/// </summary>
internal sealed class MalformedBodyException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="offset">The byte offset in the body.</param>
    public MalformedBodyException(string message, long offset)
        : base(message)
    {
        Offset = offset;
    }

    /// <summary>The byte offset in the body.</summary>
    public long Offset { get; }
}
