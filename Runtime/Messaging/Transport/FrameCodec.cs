using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>
/// Encodes and decodes <see cref="Message"/> frames. Wire format, all integers little-endian:
/// <code>
/// offset size field
///  0      4   frame length in bytes, these 4 included (int32)
///  4      1   kind (MessageKind)
///  5      1   status (MessageStatus)
///  6      8   id (int64)
/// 14      4   method id (uint32)
/// 18      4   deadline, milliseconds left when sent, 0 = none (int32)
/// 22      8   sender's view version (int64)
/// 30      4   grain type length in UTF-8 bytes, 0 = no target (int32)
/// 34      4   grain key length in UTF-8 bytes (int32)
/// 38      .   grain type, grain key, then the body up to the frame length
/// </code>
/// The body's length is implied by the frame length, so the header costs 38 bytes plus the grain id.
/// </summary>
internal static class FrameCodec
{
    /// <summary>Bytes of the fixed header, the length prefix included.</summary>
    public const int FixedHeaderSize = 38;

    private const int LengthPrefixSize = 4;

    /// <summary>The size <paramref name="message"/>'s frame will have, header included.</summary>
    public static long GetFrameLength(Message message)
    {
        var target = message.Target;
        return FixedHeaderSize + Utf8Length(target.Type) + Utf8Length(target.Key) + (long)message.Body.Length;
    }

    /// <summary>
    /// Writes <paramref name="message"/>'s frame into <paramref name="output"/>: the header straight
    /// into the writer's span, then the body. Throws <see cref="FrameTooLargeException"/> before
    /// writing anything when the frame would exceed <paramref name="maxFrameSize"/>.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, Message message, int maxFrameSize)
    {
        var target = message.Target;
        var typeLength = Utf8Length(target.Type);
        var keyLength = Utf8Length(target.Key);
        var frameLength = FixedHeaderSize + typeLength + keyLength + (long)message.Body.Length;
        if (frameLength > maxFrameSize)
        {
            throw new FrameTooLargeException(frameLength, maxFrameSize, incoming: false);
        }

        var headerLength = FixedHeaderSize + typeLength + keyLength;
        var span = output.GetSpan(headerLength);
        BinaryPrimitives.WriteInt32LittleEndian(span, (int)frameLength);
        span[4] = (byte)message.Kind;
        span[5] = (byte)message.Status;
        BinaryPrimitives.WriteInt64LittleEndian(span[6..], message.Id);
        BinaryPrimitives.WriteUInt32LittleEndian(span[14..], message.MethodId);
        BinaryPrimitives.WriteInt32LittleEndian(span[18..], message.DeadlineMilliseconds);
        BinaryPrimitives.WriteInt64LittleEndian(span[22..], message.ViewVersion);
        BinaryPrimitives.WriteInt32LittleEndian(span[30..], typeLength);
        BinaryPrimitives.WriteInt32LittleEndian(span[34..], keyLength);
        if (typeLength > 0)
        {
            Encoding.UTF8.GetBytes(target.Type, span.Slice(FixedHeaderSize, typeLength));
        }

        if (keyLength > 0)
        {
            Encoding.UTF8.GetBytes(target.Key, span.Slice(FixedHeaderSize + typeLength, keyLength));
        }

        output.Advance(headerLength);
        if (!message.Body.IsEmpty)
        {
            output.Write(message.Body.Span);
        }
    }

    /// <summary>
    /// Decodes one frame from the start of <paramref name="buffer"/> and slices it off. Returns false,
    /// leaving <paramref name="buffer"/> as it was, when the frame is not complete yet. Throws
    /// <see cref="FrameTooLargeException"/> as soon as the length prefix is readable and too large,
    /// and <see cref="InvalidFrameException"/> when the frame is malformed.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameSize, [NotNullWhen(true)] out Message? message)
    {
        message = null;
        if (buffer.Length < LengthPrefixSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[FixedHeaderSize];
        buffer.Slice(0, LengthPrefixSize).CopyTo(header);
        var frameLength = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (frameLength > maxFrameSize)
        {
            throw new FrameTooLargeException(frameLength, maxFrameSize, incoming: true);
        }

        if (frameLength < FixedHeaderSize)
        {
            throw new InvalidFrameException($"A frame length of {frameLength} bytes is shorter than the {FixedHeaderSize}-byte header.");
        }

        if (buffer.Length < frameLength)
        {
            return false;
        }

        var frame = buffer.Slice(0, frameLength);
        frame.Slice(0, FixedHeaderSize).CopyTo(header);
        var kind = (MessageKind)header[4];
        var status = (MessageStatus)header[5];
        if (kind is < MessageKind.Request or > MessageKind.StreamItem)
        {
            throw new InvalidFrameException($"Unknown message kind {header[4]}.");
        }

        if (status > MessageStatus.Expired)
        {
            throw new InvalidFrameException($"Unknown message status {header[5]}.");
        }

        var typeLength = BinaryPrimitives.ReadInt32LittleEndian(header[30..]);
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(header[34..]);
        if (typeLength < 0 || keyLength < 0 || (long)FixedHeaderSize + typeLength + keyLength > frameLength
            || (typeLength == 0 && keyLength > 0))
        {
            throw new InvalidFrameException(
                $"Grain id lengths (type {typeLength}, key {keyLength} bytes) do not fit a frame of {frameLength} bytes.");
        }

        var target = typeLength == 0
            ? default
            : new GrainId(
                Encoding.UTF8.GetString(frame.Slice(FixedHeaderSize, typeLength)),
                Encoding.UTF8.GetString(frame.Slice(FixedHeaderSize + typeLength, keyLength)));
        var bodyStart = FixedHeaderSize + typeLength + keyLength;

        // The pipe recycles its memory once the reader advances, so the body is copied out: the one
        // allocation per frame besides the grain id's strings.
        var body = bodyStart == frameLength ? ReadOnlyMemory<byte>.Empty : frame.Slice(bodyStart).ToArray();

        message = new Message
        {
            Kind = kind,
            Status = status,
            Id = BinaryPrimitives.ReadInt64LittleEndian(header[6..]),
            MethodId = BinaryPrimitives.ReadUInt32LittleEndian(header[14..]),
            DeadlineMilliseconds = BinaryPrimitives.ReadInt32LittleEndian(header[18..]),
            ViewVersion = BinaryPrimitives.ReadInt64LittleEndian(header[22..]),
            Target = target,
            Body = body,
        };
        buffer = buffer.Slice(frameLength);
        return true;
    }

    private static int Utf8Length(string? text) => string.IsNullOrEmpty(text) ? 0 : Encoding.UTF8.GetByteCount(text);
}
