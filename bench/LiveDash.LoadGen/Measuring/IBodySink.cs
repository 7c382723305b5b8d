namespace LiveDash.LoadGen.Measuring;

/// <summary>Takes an event stream's body bytes in arbitrary pieces, as they arrive (after de-chunking).</summary>
internal interface IBodySink
{
    void Feed(ReadOnlySpan<byte> bytes, long arrivedUnixMicroseconds);
}
