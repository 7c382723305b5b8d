using System.Net;
using LiveDash.Gateway.Auth;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Auth;

public sealed class BindAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("localhost", true)]
    [InlineData("LocalHost", true)]
    [InlineData("[::1]", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("*", false)]
    [InlineData("+", false)]
    [InlineData("[::]", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("192.168.1.5", false)]
    [InlineData("example.com", false)]
    [InlineData("localhost.example.com", false)]
    [InlineData("128.0.0.1", false)]
    public void IsLoopbackUrl_BareHost_MatchesWhatKestrelBinds(string host, bool loopback)
        => Assert.Equal(loopback, BindAddresses.IsLoopbackUrl(host));

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.1.2.3:0", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("https://localhost", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://unix:/run/livedash.sock", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://example.com", false)]
    [InlineData("http://10.0.0.1:5080", false)]
    [InlineData("not a url://", false)]
    public void IsLoopbackUrl_Url_MatchesWhatKestrelBinds(string url, bool loopback)
        => Assert.Equal(loopback, BindAddresses.IsLoopbackUrl(url));

    [Fact]
    public void IsLoopback_Addresses_CoverTheWhole127Block()
    {
        Assert.True(BindAddresses.IsLoopback(IPAddress.Parse("127.255.255.254")));
        Assert.True(BindAddresses.IsLoopback(IPAddress.IPv6Loopback));
        Assert.False(BindAddresses.IsLoopback(IPAddress.Any));
        Assert.False(BindAddresses.IsLoopback(IPAddress.IPv6Any));
    }

    [Fact]
    public void Configured_UrlsAndKestrelEndpoints_AreAllReadWithTheirSetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:5080; http://0.0.0.0:5081",
            ["Kestrel:Endpoints:Public:Url"] = "https://*:443",
            ["Kestrel:Endpoints:Local:Url"] = "http://localhost:9000",
        }).Build();

        var binds = BindAddresses.Configured(configuration);

        Assert.Contains(new ConfiguredBind("http://127.0.0.1:5080", "urls"), binds);
        Assert.Contains(new ConfiguredBind("http://0.0.0.0:5081", "urls"), binds);
        Assert.Contains(new ConfiguredBind("https://*:443", "Kestrel:Endpoints:Public:Url"), binds);
        Assert.Contains(new ConfiguredBind("http://localhost:9000", "Kestrel:Endpoints:Local:Url"), binds);
    }

    [Fact]
    public void BindState_FirstNonLoopbackBind_IsRemembered()
    {
        var state = new BindState([new ConfiguredBind("http://127.0.0.1:1", "urls"), new ConfiguredBind("http://0.0.0.0:2", "urls")]);

        Assert.False(state.LoopbackOnly);
        Assert.Equal("http://0.0.0.0:2", state.NonLoopback?.Url);
    }

    [Fact]
    public void BindState_NoBinds_CountsAsLoopback()
        => Assert.True(new BindState([]).LoopbackOnly);

    [Fact]
    public void BindState_ObservedNonLoopbackAddress_ClosesForGood()
    {
        var state = new BindState([new ConfiguredBind("http://127.0.0.1:1", "urls")]);

        Assert.False(state.Observe("http://127.0.0.1:41234"));
        Assert.True(state.LoopbackOnly);
        Assert.True(state.Observe("http://[::]:41234"));
        Assert.False(state.LoopbackOnly);
        Assert.False(state.Observe("http://127.0.0.1:41235"));
        Assert.False(state.LoopbackOnly);
    }
}
