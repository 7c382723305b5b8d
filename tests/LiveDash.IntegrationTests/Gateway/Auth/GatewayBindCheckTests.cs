using LiveDash.Gateway.Hosting;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Auth;

/// <summary>
/// The open-mode rule at build time (CONTRACT.md, "Auth rule"). Nothing here binds anything but 127.0.0.1:
/// the gateways are built, not started.
/// </summary>
public sealed class GatewayBindCheckTests
{
    [Fact]
    public void Build_NoKeysOnAllInterfaces_RefusesNamingBothSettingsAndTheAddress()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Build("--urls=http://0.0.0.0:5080"));

        Assert.Contains("LiveDash:Auth:IngestKeys and LiveDash:Auth:ViewKeys are empty", exception.Message, StringComparison.Ordinal);
        Assert.Contains("http://0.0.0.0:5080 (urls)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("not a loopback address", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://192.168.1.10:5080")]
    [InlineData("http://gateway.example.com:5080")]
    [InlineData("http://127.0.0.1:5080;http://10.0.0.1:5080")]
    public void Build_NoViewKeysOnANonLoopbackBind_RefusesNamingTheViewSetting(string urls)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Build("--urls=" + urls, "--LiveDash:Auth:IngestKeys=some-ingest-key-0123456789"));

        Assert.StartsWith("LiveDash:Auth:ViewKeys is empty, so reading (view) would be open to anyone", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("some-ingest-key", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoKeysWithANonLoopbackKestrelEndpoint_RefusesNamingTheEndpoint()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Build("--urls=http://127.0.0.1:5080", "--Kestrel:Endpoints:Public:Url=http://0.0.0.0:5081"));

        Assert.Contains("http://0.0.0.0:5081 (Kestrel:Endpoints:Public:Url)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_KeysOnAllInterfaces_Succeeds()
    {
        await using var app = Build("--urls=http://0.0.0.0:5080", "--LiveDash:Auth:IngestKeys=some-ingest-key-0123456789", "--LiveDash:Auth:ViewKeys=some-view-key-0123456789");
        Assert.NotNull(app);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("http://127.0.0.1:5080;http://localhost:5081")]
    public async Task Build_NoKeysOnLoopback_Succeeds(string urls)
    {
        await using var app = Build("--urls=" + urls);
        Assert.NotNull(app);
    }

    [Fact]
    public void Build_InvalidAuthOption_RefusesNamingTheOptionAndValue()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Build("--urls=http://127.0.0.1:5080", "--LiveDash:Auth:TicketLifetime=00:00:00"));

        Assert.Contains("LiveDash:Auth:TicketLifetime must be between 00:00:01 and 00:10:00; it is 00:00:00.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InvalidConnectionCap_RefusesNamingTheOptionAndValue()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Build("--urls=http://127.0.0.1:5080", "--LiveDash:Gateway:Connections:MaxPerIp=0"));

        Assert.Contains("LiveDash:Gateway:Connections:MaxPerIp must be between 1 and 1000000; it is 0.", exception.Message, StringComparison.Ordinal);
    }

    private static Microsoft.AspNetCore.Builder.WebApplication Build(params string[] args)
        => GatewayApplication.Build([.. args, "--LiveDash:Storage:Provider=memory", "--LiveDash:Silo:Port=0", "--Logging:LogLevel:Default=Warning"]);
}
