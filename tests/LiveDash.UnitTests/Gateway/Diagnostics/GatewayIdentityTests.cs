using LiveDash.Gateway.Diagnostics;
using LiveDash.Grains;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Diagnostics;

public sealed class GatewayIdentityTests
{
    [Fact]
    public void DefaultName_WithPort_IsMachineDashPort()
        => Assert.Equal("web-01-5080", GatewayIdentity.DefaultName("web-01", 5080, 4242));

    [Fact]
    public void DefaultName_WithoutPort_IsMachineDashProcessId()
        => Assert.Equal("web-01-4242", GatewayIdentity.DefaultName("web-01", null, 4242));

    [Fact]
    public void DefaultName_DisallowedCharacters_BecomeDashes()
        => Assert.Equal("my-host-x.lan_1-5080", GatewayIdentity.DefaultName("my host!x.lan_1", 5080, 1));

    [Fact]
    public void DefaultName_NoMachineName_UsesGateway()
        => Assert.Equal("gateway-5080", GatewayIdentity.DefaultName("", 5080, 1));

    [Fact]
    public void DefaultName_LongMachineName_ShortenedToAValidName()
    {
        var name = GatewayIdentity.DefaultName(new string('m', 300), 65535, 1);

        Assert.Equal(TopicNames.MaxLength, name.Length);
        Assert.EndsWith("m-65535", name, StringComparison.Ordinal);
        Assert.True(TopicNames.IsValidName(name));
    }

    [Fact]
    public void FirstPort_UnixSocketBeforeAnHttpBinding_TakesTheHttpPort()
        => Assert.Equal(5081, GatewayIdentity.FirstPort(["http://unix:/tmp/gw.sock", "http://127.0.0.1:5081", "http://[::1]:5082"]));

    [Fact]
    public void FirstPort_NoBindingWithAPort_Null()
        => Assert.Null(GatewayIdentity.FirstPort(["http://unix:/tmp/gw.sock"]));
}
