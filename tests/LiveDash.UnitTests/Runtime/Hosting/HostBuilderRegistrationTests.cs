using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Membership;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Hosting;

public sealed class HostBuilderRegistrationTests
{
    [Fact]
    public void UseLiveDashSilo_CalledTwice_IsRefused()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseLiveDashSilo(_ => { });

        var error = Assert.Throws<InvalidOperationException>(() => builder.UseLiveDashSilo(_ => { }));

        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseLiveDashClient_CalledTwice_IsRefused()
    {
        var table = new InMemoryMembershipTable();
        var builder = Host.CreateApplicationBuilder();
        builder.UseLiveDashClient(c => c.UseInMemoryClustering(table));

        var error = Assert.Throws<InvalidOperationException>(() => builder.UseLiveDashClient(c => c.UseInMemoryClustering(table)));

        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }
}
