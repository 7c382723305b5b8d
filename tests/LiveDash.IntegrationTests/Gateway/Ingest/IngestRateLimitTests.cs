using System.Net;
using System.Net.Http.Headers;
using Xunit;
using static LiveDash.IntegrationTests.Gateway.Ingest.IngestGatewayFactory;

namespace LiveDash.IntegrationTests.Gateway.Ingest;

/// <summary>The per-key token bucket of the write endpoints: 2 requests per second with a burst of 3.</summary>
public sealed class IngestRateLimitTests : IClassFixture<IngestRateLimitTests.LimitedGateway>
{
    private readonly IngestGatewayFactory _gateway;

    public IngestRateLimitTests(LimitedGateway gateway)
    {
        _gateway = gateway.Factory;
    }

    [Fact]
    public async Task BurstSpent_Is429ProblemWithRetryAfter_PerKey_AndAppliesNothing()
    {
        using var client = _gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "key-one");

        var (accepted, limited) = await UntilLimitedAsync(() => client.PostAsync("/api/v1/metrics", LinesBody("limited value=1")));
        using (limited)
        {
            using var other = _gateway.CreateClient();
            other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "key-two");
            using var otherKey = await other.PostAsync("/api/v1/metrics", LinesBody("limited value=1"));
            using var read = await client.GetAsync("/api/v1/topics");

            // The bucket holds 3 and gains 2 a second: at least the burst passes, and a tight loop is stopped soon.
            Assert.InRange(accepted, 3, 10);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
            Assert.Equal(429, (await ReadJsonAsync(limited)).GetProperty("status").GetInt32());
            var retryAfter = limited.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
            Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(accepted + 1, Assert.Single(await _gateway.SeriesAsync("limited")).Count);
        }
    }

    [Fact]
    public async Task BoardCommands_AreLimitedToo()
    {
        using var client = _gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "key-board");

        var (accepted, limited) = await UntilLimitedAsync(() => client.PostAsync("/api/v1/boards/limited", JsonBody("""{"add":{"a":1}}""")));
        using (limited)
        {
            Assert.InRange(accepted, 3, 10);
            Assert.True(limited.Headers.Contains("Retry-After"));
        }
    }

    private static async Task<(int Accepted, HttpResponseMessage Limited)> UntilLimitedAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var accepted = 0; accepted < 50; accepted++)
        {
            var response = await send();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return (accepted, response);
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        Assert.Fail("Expected a 429 within 50 requests at 2 requests per second.");
        return default;
    }

    /// <summary>A gateway whose write endpoints allow 2 requests per second per key, with bursts of 3.</summary>
    public sealed class LimitedGateway : IDisposable
    {
        public IngestGatewayFactory Factory { get; } = IngestGatewayFactory.With(new Dictionary<string, string>
        {
            ["LiveDash:Gateway:Ingest:RequestsPerSecondPerKey"] = "2",
            ["LiveDash:Gateway:Ingest:BurstRequestsPerKey"] = "3",
        });

        public void Dispose() => Factory.Dispose();
    }
}
