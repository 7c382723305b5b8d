using LiveDash.Gateway.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Auth;

public sealed class OriginPolicyTests
{
    [Theory]
    [InlineData(null, "http", "localhost:5080", "", true)]
    [InlineData("http://localhost:5080", "http", "localhost:5080", "", true)]
    [InlineData("HTTP://LocalHost:5080", "http", "localhost:5080", "", true)]
    [InlineData("http://example.com", "http", "example.com:80", "", true)]
    [InlineData("https://example.com:443", "https", "example.com", "", true)]
    [InlineData("http://localhost:5173", "http", "localhost:5080", "", false)]
    [InlineData("https://localhost:5080", "http", "localhost:5080", "", false)]
    [InlineData("http://evil.example", "http", "localhost:5080", "", false)]
    [InlineData("http://localhost:5173", "http", "localhost:5080", "http://localhost:5173", true)]
    [InlineData("https://dash.example.com", "http", "gateway.internal:5080", " https://other.example , https://dash.example.com/ ", true)]
    [InlineData("https://dash.example.com:8443", "http", "gateway.internal:5080", "https://dash.example.com", false)]
    [InlineData("null", "http", "localhost:5080", "", false)]
    [InlineData("http://localhost:5080/path", "http", "localhost:5080", "", false)]
    [InlineData("http://evil.example", "http", "localhost:5080", "*", true)]
    public void IsAllowed_Origin_FollowsThePolicy(string? origin, string scheme, string host, string allowedOrigins, bool allowed)
    {
        var policy = Policy(allowedOrigins);
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        Assert.Equal(allowed, policy.IsAllowed(context));
    }

    [Fact]
    public void IsAllowed_TwoOriginHeaders_IsRefused()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost:5080");
        context.Request.Headers.Origin = new(["http://localhost:5080", "http://localhost:5080"]);

        Assert.False(Policy("").IsAllowed(context));
    }

    [Fact]
    public void Refuse_Origin_Is403ProblemNamingTheOriginAndTheSetting()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Origin = "http://evil.example";

        var problem = Assert.IsType<ProblemHttpResult>(Policy("").Refuse(context));

        Assert.Equal(StatusCodes.Status403Forbidden, problem.StatusCode);
        Assert.Equal("urn:livedash:problem:origin-not-allowed", problem.ProblemDetails.Type);
        Assert.Contains("http://evil.example", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Contains("LiveDash:Auth:AllowedOrigins", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://Dash.Example.com", "https://dash.example.com")]
    [InlineData("https://dash.example.com:443/", "https://dash.example.com")]
    [InlineData("http://[::1]:5080", "http://[::1]:5080")]
    [InlineData("https://dash.example.com/app", null)]
    [InlineData("https://user@dash.example.com", null)]
    [InlineData("dash.example.com", null)]
    [InlineData("null", null)]
    public void Normalize_Origins_AreSchemeHostAndNonDefaultPort(string origin, string? expected)
        => Assert.Equal(expected, OriginPolicy.Normalize(origin));

    private static OriginPolicy Policy(string allowedOrigins)
        => new(AuthFixture.Wrap(new AuthOptions { AllowedOrigins = allowedOrigins }), NullLogger<OriginPolicy>.Instance);
}
