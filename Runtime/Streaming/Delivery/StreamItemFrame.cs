using System.Buffers.Binary;

namespace LiveDash.Runtime.Streaming.Delivery;

/// <summary>
/// The body of a <c>StreamItem</c> message: the epoch (8 bytes, little-endian) then the serialised
/// item. Built once per published item and shared by every node it is sent to; never changed after.
/// </summary>
internal static class StreamItemFrame
{
    private const int EpochSize = sizeof(long);

    public static byte[] Encode(long epoch, ReadOnlySpan<byte> payload)
    {
        var body = new byte[EpochSize + payload.Length];
        BinaryPrimitives.WriteInt64LittleEndian(body, epoch);
        payload.CopyTo(body.AsSpan(EpochSize));
        return body;
    }

    /// <summary>Splits a body into epoch and payload; false when it is too short to hold an epoch.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> body, out long epoch, out ReadOnlyMemory<byte> payload)
    {
        if (body.Length < EpochSize)
        {
            epoch = 0;
            payload = default;
            return false;
        }

        epoch = BinaryPrimitives.ReadInt64LittleEndian(body.Span);
        payload = body[EpochSize..];
        return true;
    }
}
