using System.Net;
using LiveDash.Gateway.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Auth;

public sealed class ConnectionLimiterTests
{
    private static readonly IPAddress s_client = IPAddress.Parse("10.0.0.1");

    [Fact]
    public void TryAcquire_UpToTheCap_SucceedsThenRefuses()
    {
        var limiter = Limiter(maxPerIp: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.TryAcquire(s_client, out _), $"Connection {i + 1} of 3 was refused.");
        }

        Assert.False(limiter.TryAcquire(s_client, out var refused));
        Assert.Null(refused);
        Assert.True(limiter.TryAcquire(IPAddress.Parse("10.0.0.2"), out _), "Another address has its own cap.");
    }

    [Fact]
    public void Dispose_Lease_FreesItsSlot()
    {
        var limiter = Limiter(maxPerIp: 1);
        Assert.True(limiter.TryAcquire(s_client, out var lease));
        Assert.False(limiter.TryAcquire(s_client, out _));

        lease.Dispose();

        Assert.True(limiter.TryAcquire(s_client, out _));
    }

    [Fact]
    public void Dispose_Twice_FreesOneSlotOnly()
    {
        var limiter = Limiter(maxPerIp: 2);
        Assert.True(limiter.TryAcquire(s_client, out var first));
        Assert.True(limiter.TryAcquire(s_client, out _));

        first.Dispose();
        first.Dispose();

        Assert.Equal(1, limiter.CountFor(s_client));
        Assert.True(limiter.TryAcquire(s_client, out _));
        Assert.False(limiter.TryAcquire(s_client, out _));
    }

    [Fact]
    public void Dispose_LastLease_ForgetsTheAddress()
    {
        var limiter = Limiter(maxPerIp: 2);
        Assert.True(limiter.TryAcquire(s_client, out var a));
        Assert.True(limiter.TryAcquire(s_client, out var b));

        a.Dispose();
        b.Dispose();
        b.Dispose();

        Assert.Equal(0, limiter.TrackedAddressCount);
    }

    [Fact]
    public void TryAcquire_LoopbackOrUnknownAddress_IsNotLimitedByDefault()
    {
        var limiter = Limiter(maxPerIp: 1);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(limiter.TryAcquire(IPAddress.Loopback, out _));
            Assert.True(limiter.TryAcquire(IPAddress.IPv6Loopback, out _));
            Assert.True(limiter.TryAcquire(null, out _));
        }

        Assert.Equal(0, limiter.TrackedAddressCount);
    }

    [Fact]
    public void TryAcquire_LoopbackWhenNotExempt_IsLimited()
    {
        var limiter = Limiter(maxPerIp: 1, exemptLoopback: false);
        Assert.True(limiter.TryAcquire(IPAddress.Loopback, out _));
        Assert.False(limiter.TryAcquire(IPAddress.Loopback, out _));
    }

    [Fact]
    public void TryAcquire_IPv6_CountsPerSlash64()
    {
        var limiter = Limiter(maxPerIp: 2);
        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:2::1"), out _));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:2:ffff::9"), out _));

        Assert.False(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:2::77"), out _));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:3::1"), out _));
    }

    [Fact]
    public void TryAcquire_IPv4MappedAddress_CountsAsTheIPv4Address()
    {
        var limiter = Limiter(maxPerIp: 1);
        Assert.True(limiter.TryAcquire(s_client, out _));

        Assert.False(limiter.TryAcquire(s_client.MapToIPv6(), out _));
    }

    [Fact]
    public async Task TryAcquire_ConcurrentOpensAndCloses_NeverPassTheCapNorLeak()
    {
        const int max = 4;
        var limiter = Limiter(maxPerIp: max);
        var overCap = 0;
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                if (limiter.TryAcquire(s_client, out var lease))
                {
                    if (limiter.CountFor(s_client) > max)
                    {
                        Interlocked.Increment(ref overCap);
                    }

                    lease.Dispose();
                    lease.Dispose();
                }
            }
        })).ToArray();

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, overCap);
        Assert.Equal(0, limiter.CountFor(s_client));
        Assert.Equal(0, limiter.TrackedAddressCount);
    }

    [Fact]
    public void Refuse_Is429WithRetryAfterNamingTheSetting()
    {
        var context = new DefaultHttpContext();

        var problem = Assert.IsType<ProblemHttpResult>(Limiter(maxPerIp: 7).Refuse(context));

        Assert.Equal(StatusCodes.Status429TooManyRequests, problem.StatusCode);
        Assert.Contains("LiveDash:Gateway:Connections:MaxPerIp", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Contains("7", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
    }

    private static ConnectionLimiter Limiter(int maxPerIp, bool exemptLoopback = true)
        => new(AuthFixture.Wrap(new ConnectionLimitOptions { MaxPerIp = maxPerIp, ExemptLoopback = exemptLoopback }), NullLogger<ConnectionLimiter>.Instance);
}
