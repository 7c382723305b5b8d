using System.Net;
using System.Text;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Ingest;

/// <summary>The ingest API on a real Kestrel socket: the body limit against Kestrel's own, and durability across a restart.</summary>
public sealed class IngestKestrelTests
{
    [Fact]
    public async Task ChunkedBodyOverTheLimit_Is413Problem_OnKestrel()
    {
        await using var gateway = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["LiveDash:Gateway:Ingest:MaxBodyBytes"] = "1000" });
        using var client = gateway.CreateClient();
        using var content = IngestGatewayFactory.Chunked(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("chunked value=1\n", 100))), "text/plain");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/metrics") { Content = content };

        using var response = await client.SendAsync(request);

        Assert.True(request.Headers.TransferEncodingChunked is true || request.Content.Headers.ContentLength is null, "The body must go without a Content-Length.");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BodyLimitAboveKestrelsDefault_IsTheOneThatApplies()
    {
        // Kestrel refuses bodies over 30,000,000 bytes by default; a larger ingest limit must win.
        await using var gateway = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["LiveDash:Gateway:Ingest:MaxBodyBytes"] = "40000000" });
        using var client = gateway.CreateClient();
        var body = new StringBuilder("kestrel.big value=1\n");
        var comment = "# " + new string('x', 10_000) + "\n";
        while (body.Length < 31_000_000)
        {
            body.Append(comment);
        }

        using var response = await client.PostAsync("api/v1/metrics", new StringContent(body.ToString(), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AcknowledgedPoints_AndTheTopicList_SurviveARestart()
    {
        var file = Path.Combine(Path.GetTempPath(), "livedash-ingest-" + Guid.NewGuid().ToString("N") + ".db");
        var settings = new Dictionary<string, string?>
        {
            ["LiveDash:Storage:Provider"] = "sqlite",
            ["LiveDash:Storage:Sqlite"] = "Data Source=" + file,
        };
        try
        {
            await using (var first = await GatewayServer.StartAsync(settings))
            {
                using var client = first.CreateClient();
                using var metrics = await client.PostAsync("api/v1/metrics", new StringContent("restart,host=a value=2\nrestart,host=a value=3", Encoding.UTF8, "text/plain"));
                using var board = await client.PostAsync("api/v1/boards/restart", new StringContent("""{"set":{"a":5}}""", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
                Assert.Equal(HttpStatusCode.OK, board.StatusCode);
            }

            await using var second = await GatewayServer.StartAsync(settings);
            using var reader = second.CreateClient();
            using var topics = await reader.GetAsync("api/v1/topics");
            using var snapshot = await reader.GetAsync("api/v1/topics/metric:restart");

            var listed = (await IngestGatewayFactory.ReadJsonAsync(topics)).EnumerateArray().Select(e => e.GetProperty("topic").GetString()!).ToArray();
            Assert.Equal(["board:restart", "metric:restart"], listed);
            var series = (await IngestGatewayFactory.ReadJsonAsync(snapshot)).GetProperty("data").GetProperty("series")[0];
            Assert.Equal(2, series.GetProperty("count").GetInt64());
            Assert.Equal(5, series.GetProperty("sum").GetDouble());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var path in Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + "*"))
            {
                File.Delete(path);
            }
        }
    }
}
