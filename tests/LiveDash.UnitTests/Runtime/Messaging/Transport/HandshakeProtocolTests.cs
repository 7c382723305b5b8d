using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Messaging.Transport;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Messaging.Transport;

public sealed class HandshakeProtocolTests
{
    private static readonly SiloAddress s_self = new("127.0.0.1", 11111, 1000);

    [Fact]
    public void FindRefusal_MatchingRequest_Accepts()
    {
        var request = new HandshakeRequest(HandshakeProtocol.Version, "prod", "127.0.0.1:22222@5", s_self.ToString());

        Assert.Null(HandshakeProtocol.FindRefusal(request, "prod", s_self, new PeerBlockList()));
    }

    [Fact]
    public void FindRefusal_OtherCluster_SaysBothIds()
    {
        var request = new HandshakeRequest(HandshakeProtocol.Version, "x", null, s_self.ToString());

        Assert.Equal("cluster id 'x' != 'y'", HandshakeProtocol.FindRefusal(request, "y", s_self, new PeerBlockList()));
    }

    [Fact]
    public void FindRefusal_EarlierGeneration_IsRefused()
    {
        var request = new HandshakeRequest(HandshakeProtocol.Version, "prod", null, "127.0.0.1:11111@999");

        var refusal = HandshakeProtocol.FindRefusal(request, "prod", s_self, new PeerBlockList());

        Assert.Equal("this is silo 127.0.0.1:11111@1000, not 127.0.0.1:11111@999", refusal);
    }

    [Fact]
    public void FindRefusal_BlockedSender_IsRefused()
    {
        var blocks = new PeerBlockList();
        blocks.Block(SiloAddress.Parse("127.0.0.1:22222@5"));
        var request = new HandshakeRequest(HandshakeProtocol.Version, "prod", "127.0.0.1:22222@5", s_self.ToString());

        Assert.Contains("blocked", HandshakeProtocol.FindRefusal(request, "prod", s_self, blocks), StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_OutOfRangeOptions_NameTheOptionAndValue()
    {
        var result = new TransportOptionsValidator().Validate(null, new TransportOptions { SendQueueCapacity = 0, MaxFrameSize = 10 });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("LiveDash:Runtime:Transport:SendQueueCapacity", StringComparison.Ordinal) && f.EndsWith("it was 0.", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("LiveDash:Runtime:Transport:MaxFrameSize", StringComparison.Ordinal));
        Assert.True(new TransportOptionsValidator().Validate(null, new TransportOptions()).Succeeded);
    }
}
