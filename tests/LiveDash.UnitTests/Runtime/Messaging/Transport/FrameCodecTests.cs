using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using LiveDash.Runtime;
using LiveDash.Runtime.Messaging.Transport;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Messaging.Transport;

public sealed class FrameCodecTests
{
    private const int Max = 16 * 1024 * 1024;

    [Fact]
    public void RoundTrip_EveryField_ComesBackEqual()
    {
        var sent = Sample(new GrainId("metric", "cpu/é-ü"), "{\"value\":42}");

        var decoded = DecodeAll(Encode(sent), Max);

        AssertSame(sent, Assert.Single(decoded));
    }

    [Fact]
    public void RoundTrip_NoTargetAndEmptyBody_ComesBackDefault()
    {
        var sent = new Message { Kind = MessageKind.Probe, Id = -5 };

        var decoded = Assert.Single(DecodeAll(Encode(sent), Max));

        Assert.Equal(default, decoded.Target);
        Assert.True(decoded.Body.IsEmpty);
        Assert.Equal(-5, decoded.Id);
        Assert.Equal(FrameCodec.FixedHeaderSize, Encode(sent).Length);
    }

    [Fact]
    public void RoundTrip_EmptyKey_KeepsTheTarget()
    {
        var sent = Sample(new GrainId("board", string.Empty), "1");

        Assert.Equal(new GrainId("board", string.Empty), Assert.Single(DecodeAll(Encode(sent), Max)).Target);
    }

    [Fact]
    public void Write_Header_IsLittleEndianWithTheTotalLength()
    {
        var bytes = Encode(Sample(new GrainId("t", "k"), "xy"));

        Assert.Equal(bytes.Length, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(FrameCodec.FixedHeaderSize + 1 + 1 + 2, bytes.Length);
        Assert.Equal((byte)MessageKind.Request, bytes[4]);
        Assert.Equal(123456789012L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(6)));
    }

    [Fact]
    public async Task TryRead_FedOneByteAtATime_DecodesEveryFrameOnceComplete()
    {
        var messages = Enumerable.Range(0, 5).Select(i => Sample(new GrainId("g", "k" + i), new string('x', i * 10))).ToList();
        var stream = messages.SelectMany(Encode).ToArray();
        var pipe = new Pipe();
        var decoded = new List<Message>();

        foreach (var b in stream)
        {
            await pipe.Writer.WriteAsync(new[] { b });
            var result = await pipe.Reader.ReadAsync();
            var buffer = result.Buffer;
            while (FrameCodec.TryRead(ref buffer, Max, out var message))
            {
                decoded.Add(message);
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        }

        Assert.Equal(messages.Count, decoded.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            AssertSame(messages[i], decoded[i]);
        }
    }

    [Fact]
    public void TryRead_OneByteSegments_DecodesAcrossSegmentBoundaries()
    {
        var sent = Sample(new GrainId("metric", "a-long-enough-key"), "{\"a\":[1,2,3]}");

        var decoded = DecodeAll(ByteSegment.Split(Encode(sent), segmentSize: 1), Max);

        AssertSame(sent, Assert.Single(decoded));
    }

    [Fact]
    public void TryRead_EveryProperPrefix_ReturnsFalseAndConsumesNothing()
    {
        var bytes = Encode(Sample(new GrainId("g", "k"), "body"));

        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(FrameCodec.TryRead(ref buffer, Max, out _));
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void TryRead_IncomingFrameOverMax_ThrowsFromTheLengthPrefixAlone()
    {
        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, 2048);
        var buffer = new ReadOnlySequence<byte>(prefix);

        var exception = Assert.Throws<FrameTooLargeException>(() => FrameCodec.TryRead(ref buffer, 1024, out _));

        Assert.Contains("2048", exception.Message, StringComparison.Ordinal);
        Assert.Contains("LiveDash:Runtime:Transport:MaxFrameSize = 1024", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OutgoingFrameOverMax_ThrowsAndWritesNothing()
    {
        var output = new ArrayBufferWriter<byte>();
        var message = Sample(new GrainId("g", "k"), new string('x', 2000));

        var exception = Assert.Throws<FrameTooLargeException>(() => FrameCodec.Write(output, message, 1024));

        Assert.Equal(0, output.WrittenCount);
        Assert.Equal(FrameCodec.GetFrameLength(message), exception.FrameLength);
    }

    [Fact]
    public void TryRead_LengthShorterThanHeader_IsInvalid()
    {
        var bytes = Encode(Sample(default, string.Empty));
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 10);
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.Throws<InvalidFrameException>(() => FrameCodec.TryRead(ref buffer, Max, out _));
    }

    [Fact]
    public void TryRead_GrainIdLongerThanTheFrame_IsInvalid()
    {
        var bytes = Encode(Sample(new GrainId("g", "k"), string.Empty));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(34), 1000);
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.Throws<InvalidFrameException>(() => FrameCodec.TryRead(ref buffer, Max, out _));
    }

    [Fact]
    public void TryRead_UnknownKind_IsInvalid()
    {
        var bytes = Encode(Sample(new GrainId("g", "k"), string.Empty));
        bytes[4] = 99;
        var buffer = new ReadOnlySequence<byte>(bytes);

        var exception = Assert.Throws<InvalidFrameException>(() => FrameCodec.TryRead(ref buffer, Max, out _));
        Assert.Contains("99", exception.Message, StringComparison.Ordinal);
    }

    private static Message Sample(GrainId target, string body) => new()
    {
        Kind = MessageKind.Request,
        Status = MessageStatus.NotOwner,
        Id = 123456789012L,
        Target = target,
        MethodId = 0xDEADBEEF,
        DeadlineMilliseconds = 30_000,
        ViewVersion = 77,
        Body = Encoding.UTF8.GetBytes(body),
    };

    private static byte[] Encode(Message message)
    {
        var output = new ArrayBufferWriter<byte>();
        FrameCodec.Write(output, message, Max);
        return output.WrittenSpan.ToArray();
    }

    private static List<Message> DecodeAll(byte[] bytes, int max) => DecodeAll(new ReadOnlySequence<byte>(bytes), max);

    private static List<Message> DecodeAll(ReadOnlySequence<byte> buffer, int max)
    {
        var messages = new List<Message>();
        while (FrameCodec.TryRead(ref buffer, max, out var message))
        {
            messages.Add(message);
        }

        Assert.Equal(0, buffer.Length);
        return messages;
    }

    private static void AssertSame(Message expected, Message actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Target, actual.Target);
        Assert.Equal(expected.MethodId, actual.MethodId);
        Assert.Equal(expected.DeadlineMilliseconds, actual.DeadlineMilliseconds);
        Assert.Equal(expected.ViewVersion, actual.ViewVersion);
        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
    }
}
