using LiveDash.Runtime.Streaming.Delivery;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Streaming.Delivery;

public sealed class StreamItemFrameTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(7_250_000_000_000_000L)]
    [InlineData(long.MaxValue)]
    [InlineData(-1L)]
    public void EncodeThenDecode_ReturnsTheEpochAndPayload(long epoch)
    {
        byte[] payload = [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d];

        var body = StreamItemFrame.Encode(epoch, payload);

        Assert.True(StreamItemFrame.TryDecode(body, out var decodedEpoch, out var decodedPayload));
        Assert.Equal(epoch, decodedEpoch);
        Assert.Equal(payload, decodedPayload.ToArray());
    }

    [Fact]
    public void Encode_WritesTheEpochLittleEndianThenThePayload()
    {
        var body = StreamItemFrame.Encode(0x0102030405060708, [0xaa, 0xbb]);

        Assert.Equal([0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0xaa, 0xbb], body);
    }

    [Fact]
    public void EncodeThenDecode_EmptyPayload_IsAnEpochAlone()
    {
        var body = StreamItemFrame.Encode(42, []);

        Assert.Equal(8, body.Length);
        Assert.True(StreamItemFrame.TryDecode(body, out var epoch, out var payload));
        Assert.Equal(42, epoch);
        Assert.True(payload.IsEmpty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void TryDecode_BodyShorterThanAnEpoch_ReturnsFalse(int length)
    {
        Assert.False(StreamItemFrame.TryDecode(new byte[length], out var epoch, out var payload));
        Assert.Equal(0, epoch);
        Assert.True(payload.IsEmpty);
    }
}
