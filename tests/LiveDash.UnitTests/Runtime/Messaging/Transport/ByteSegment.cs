using System.Buffers;

namespace LiveDash.UnitTests.Runtime.Messaging.Transport;

/// <summary>Builds a <see cref="ReadOnlySequence{T}"/> of many small segments, as a socket read in pieces would give.</summary>
internal sealed class ByteSegment : ReadOnlySequenceSegment<byte>
{
    private ByteSegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] bytes, int segmentSize)
    {
        var first = new ByteSegment(bytes.AsMemory(0, Math.Min(segmentSize, bytes.Length)), 0);
        var last = first;
        for (var offset = segmentSize; offset < bytes.Length; offset += segmentSize)
        {
            var next = new ByteSegment(bytes.AsMemory(offset, Math.Min(segmentSize, bytes.Length - offset)), offset);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
