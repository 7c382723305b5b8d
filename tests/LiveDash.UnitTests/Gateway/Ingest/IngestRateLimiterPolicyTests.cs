using System.Net;
using LiveDash.Gateway.Ingest;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Ingest;

public sealed class IngestRateLimiterPolicyTests
{
    [Fact]
    public void PartitionKey_IsAHashOfTheBearerToken_NeverTheToken()
    {
        var first = IngestRateLimiterPolicy.PartitionKey(Request("Bearer secret-key-1", "10.0.0.1"));
        var again = IngestRateLimiterPolicy.PartitionKey(Request("bearer  secret-key-1 ", "10.0.0.2"));
        var other = IngestRateLimiterPolicy.PartitionKey(Request("Bearer secret-key-2", "10.0.0.1"));

        Assert.StartsWith("key:", first, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", first, StringComparison.Ordinal);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic abc")]
    [InlineData("Bearer ")]
    public void PartitionKey_WithoutABearerToken_IsTheRemoteAddress(string? authorization)
        => Assert.Equal("ip:10.0.0.7", IngestRateLimiterPolicy.PartitionKey(Request(authorization, "10.0.0.7")));

    private static DefaultHttpContext Request(string? authorization, string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }
}
