using System.Globalization;
using System.Net;
using System.Text;
using LiveDash.Grains;
using Xunit;
using static LiveDash.IntegrationTests.Gateway.Ingest.IngestGatewayFactory;

namespace LiveDash.IntegrationTests.Gateway.Ingest;

/// <summary><c>POST /api/v1/metrics</c> through the whole gateway (WebApplicationFactory, co-hosted silo): every status it answers.</summary>
public sealed class MetricIngestEndpointTests : IClassFixture<IngestGatewayFactory>
{
    private readonly IngestGatewayFactory _gateway;

    public MetricIngestEndpointTests(IngestGatewayFactory gateway)
    {
        _gateway = gateway;
    }

    [Fact]
    public async Task JsonBatch_Is200_AfterThePointsAreInTheGrain()
    {
        using var client = _gateway.CreateClient();
        var now = NowMs;

        using var response = await client.PostAsync(
            "/api/v1/metrics",
            JsonBody($$$"""{"batchId":"{{{Guid.NewGuid()}}}","points":[{"metric":"json.ok","value":0.42,"ts":{{{now}}},"tags":{"host":"a"}},{"metric":"json.ok","value":2,"tags":{"host":"a"}},{"metric":"json.ok2","value":1}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"accepted":3,"duplicate":false}""", await response.Content.ReadAsStringAsync());
        var series = Assert.Single(await _gateway.SeriesAsync("json.ok"));
        Assert.Equal((2L, 2.42), (series.Count, series.Sum));
        Assert.Single(await _gateway.SeriesAsync("json.ok2"));
    }

    [Fact]
    public async Task LineProtocolBatch_Is200_AfterThePointsAreInTheGrain()
    {
        using var client = _gateway.CreateClient();
        var nowNs = (NowMs * 1_000_000).ToString(CultureInfo.InvariantCulture);

        using var response = await client.PostAsync("/api/v1/metrics", LinesBody($"lp.ok,host=a value=0.42 {nowNs}\nlp.ok,host=b value=1i\n"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"accepted":2,"duplicate":false}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, (await _gateway.SeriesAsync("lp.ok")).Count);
    }

    [Fact]
    public async Task RepeatedBatchId_Is200Duplicate_AndAppliedOnce()
    {
        using var client = _gateway.CreateClient();
        var body = $$"""{"batchId":"{{Guid.NewGuid()}}","points":[{"metric":"dup.a","value":1},{"metric":"dup.b","value":2}]}""";

        using var first = await client.PostAsync("/api/v1/metrics", JsonBody(body));
        using var second = await client.PostAsync("/api/v1/metrics", JsonBody(body));

        Assert.Equal("""{"accepted":2,"duplicate":false}""", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("""{"accepted":2,"duplicate":true}""", await second.Content.ReadAsStringAsync());
        Assert.Equal(1, Assert.Single(await _gateway.SeriesAsync("dup.a")).Count);
        Assert.Equal(1, Assert.Single(await _gateway.SeriesAsync("dup.b")).Count);
    }

    [Fact]
    public async Task LineProtocolBatchId_FromTheQuery_MakesRetriesIdempotent()
    {
        using var client = _gateway.CreateClient();
        var uri = "/api/v1/metrics?precision=ms&batchId=" + Guid.NewGuid();

        using var first = await client.PostAsync(uri, LinesBody($"lpdup value=1 {NowMs}"));
        using var second = await client.PostAsync(uri, LinesBody($"lpdup value=1 {NowMs}"));

        Assert.Equal("""{"accepted":1,"duplicate":true}""", await second.Content.ReadAsStringAsync());
        Assert.Equal(1, Assert.Single(await _gateway.SeriesAsync("lpdup")).Count);
    }

    [Fact]
    public async Task OneBadPoint_Is422NamingIt_AndNothingIsApplied()
    {
        using var client = _gateway.CreateClient();

        using var response = await client.PostAsync(
            "/api/v1/metrics",
            JsonBody("""{"points":[{"metric":"aon.a","value":1},{"metric":"aon.b","value":1e400},{"metric":"aon.c","value":3,"tags":{"bad key":"x"}}]}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        var errors = problem.GetProperty("errors").EnumerateArray().ToArray();
        Assert.Equal([1, 2], errors.Select(e => e.GetProperty("index").GetInt32()));
        Assert.Equal(["value", "tags"], errors.Select(e => e.GetProperty("field").GetString()));
        Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("reason").GetString())));
        Assert.Empty(await _gateway.SeriesAsync("aon.a"));
        Assert.Empty(await _gateway.SeriesAsync("aon.c"));
    }

    [Fact]
    public async Task TimestampOutOfRange_Is422()
    {
        using var client = _gateway.CreateClient();

        using var response = await client.PostAsync("/api/v1/metrics", JsonBody("""{"points":[{"metric":"old","value":1,"ts":1000}]}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("ts", (await ReadJsonAsync(response)).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("application/json", "{\"points\":[{\"metric\":\"x\",\"value\":1,}]}")]
    [InlineData("text/plain", "x value=abc")]
    public async Task MalformedBody_Is400WithPosition(string contentType, string body)
    {
        using var client = _gateway.CreateClient();

        using var response = await client.PostAsync("/api/v1/metrics", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadJsonAsync(response);
        Assert.Contains("byte", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, problem.GetProperty("errors")[0].GetProperty("index").GetInt32());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/plain; charset=iso-8859-1")]
    public async Task OtherContentTypes_Are415Problems(string? contentType)
    {
        using var client = _gateway.CreateClient();
        using var content = new ByteArrayContent("x value=1"u8.ToArray());
        if (contentType is not null)
        {
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await client.PostAsync("/api/v1/metrics", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CharsetParameter_IsAccepted()
    {
        using var client = _gateway.CreateClient();
        using var content = new ByteArrayContent("charset.ok value=1"u8.ToArray());
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("text/plain; charset=UTF-8");

        using var response = await client.PostAsync("/api/v1/metrics", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413_WithContentLength()
    {
        using var client = _gateway.CreateClient();

        using var response = await client.PostAsync("/api/v1/metrics", LinesBody(BigBody()));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MaxBodyBytes", (await ReadJsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413_WhenChunked()
    {
        using var client = _gateway.CreateClient();

        using var response = await client.PostAsync("/api/v1/metrics", Chunked(Encoding.UTF8.GetBytes(BigBody()), "text/plain"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await _gateway.SeriesAsync("big"));
    }

    [Fact]
    public async Task BodyAtTheLimit_IsRead_WhenChunked()
    {
        using var client = _gateway.CreateClient();
        var line = "chunk.ok value=1\n";
        var body = new StringBuilder();
        while (body.Length + line.Length <= 1024 * 1024)
        {
            body.Append(line);
        }

        body.Append(new string('\n', (1024 * 1024) - body.Length));

        using var response = await client.PostAsync("/api/v1/metrics", Chunked(Encoding.UTF8.GetBytes(body.ToString()), "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1024 * 1024 / line.Length, Assert.Single(await _gateway.SeriesAsync("chunk.ok")).Count);
    }

    [Fact]
    public async Task FirstIngest_ListsTheTopicAtOnce()
    {
        using var client = _gateway.CreateClient();

        using var ingest = await client.PostAsync("/api/v1/metrics", JsonBody("""{"points":[{"metric":"listed.now","value":1}]}"""));
        using var list = await client.GetAsync("/api/v1/topics");

        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        var entry = (await ReadJsonAsync(list)).EnumerateArray().Single(e => e.GetProperty("topic").GetString() == "metric:listed.now");
        Assert.Equal("metric", entry.GetProperty("kind").GetString());
        Assert.InRange(entry.GetProperty("updatedAt").GetInt64(), NowMs - 60_000, NowMs);
    }

    [Fact]
    public async Task SnapshotAfter200_HoldsThePoints()
    {
        using var client = _gateway.CreateClient();
        using var ingest = await client.PostAsync("/api/v1/metrics", LinesBody("durable,host=a value=5\ndurable,host=a value=7"));

        using var snapshot = await client.GetAsync("/api/v1/topics/metric:durable");

        var data = (await ReadJsonAsync(snapshot)).GetProperty("data");
        var series = Assert.Single(data.GetProperty("series").EnumerateArray().ToArray());
        Assert.Equal(2, series.GetProperty("count").GetInt64());
        Assert.Equal(12, series.GetProperty("sum").GetDouble());
    }

    [Fact]
    public async Task GrainSeriesLimit_Is422NamingTheMetric()
    {
        using var client = _gateway.CreateClient();
        var lines = string.Join('\n', Enumerable.Range(0, new MetricGrainOptions().MaxSeriesPerMetric + 1).Select(i => $"series.limit,id={i} value=1"));

        using var response = await client.PostAsync("/api/v1/metrics", LinesBody(lines));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = (await ReadJsonAsync(response)).GetProperty("errors")[0];
        Assert.Equal(100, error.GetProperty("index").GetInt32());
        Assert.Contains("series.limit", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _gateway.SeriesAsync("series.limit"));
    }

    private static string BigBody()
    {
        var body = new StringBuilder();
        while (body.Length <= 1024 * 1024)
        {
            body.Append("big value=1\n");
        }

        return body.ToString();
    }
}
