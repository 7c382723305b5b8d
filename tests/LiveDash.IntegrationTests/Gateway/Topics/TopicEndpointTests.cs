using System.Net;
using System.Net.Http.Headers;
using LiveDash.IntegrationTests.Gateway.Ingest;
using Xunit;
using static LiveDash.IntegrationTests.Gateway.Ingest.IngestGatewayFactory;

namespace LiveDash.IntegrationTests.Gateway.Topics;

/// <summary><c>GET /api/v1/topics</c> and <c>GET /api/v1/topics/{topic}</c> through the whole gateway.</summary>
public sealed class TopicEndpointTests : IClassFixture<IngestGatewayFactory>
{
    private readonly IngestGatewayFactory _gateway;

    public TopicEndpointTests(IngestGatewayFactory gateway)
    {
        _gateway = gateway;
    }

    [Fact]
    public async Task List_HasMetricsAndBoards_SortedByTopic()
    {
        using var client = _gateway.CreateClient();
        using var metric = await client.PostAsync("/api/v1/metrics", JsonBody("""{"points":[{"metric":"list.zeta","value":1},{"metric":"list.alpha","value":1}]}"""));
        using var board = await client.PostAsync("/api/v1/boards/list-board", JsonBody("""{"title":"T"}"""));

        using var response = await client.GetAsync("/api/v1/topics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var topics = (await ReadJsonAsync(response)).EnumerateArray().Select(e => e.GetProperty("topic").GetString()!).ToArray();
        Assert.Equal(topics.Order(StringComparer.Ordinal), topics);
        Assert.Contains("board:list-board", topics);
        Assert.Contains("metric:list.alpha", topics);
        Assert.Contains("metric:list.zeta", topics);
    }

    [Fact]
    public async Task Snapshot_HasAStrongETag_AndIfNoneMatchGives304()
    {
        using var client = _gateway.CreateClient();
        using var board = await client.PostAsync("/api/v1/boards/etag-board", JsonBody("""{"set":{"a":1}}"""));

        using var first = await client.GetAsync("/api/v1/topics/board:etag-board");
        var etag = first.Headers.ETag;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/topics/board:etag-board");
        conditional.Headers.IfNoneMatch.Add(etag!);
        using var notModified = await client.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ChangedData_GetsANewETag_And200()
    {
        using var client = _gateway.CreateClient();
        using var set = await client.PostAsync("/api/v1/boards/etag-change", JsonBody("""{"set":{"a":1}}"""));
        using var first = await client.GetAsync("/api/v1/topics/board:etag-change");
        using var change = await client.PostAsync("/api/v1/boards/etag-change", JsonBody("""{"add":{"a":1}}"""));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/topics/board:etag-change");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var response = await client.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(first.Headers.ETag, response.Headers.ETag);
    }

    [Theory]
    [InlineData("metric:never.written")]
    [InlineData("board:never-written")]
    public async Task WellFormedTopicWithoutData_Is404(string topic)
    {
        using var client = _gateway.CreateClient();

        using var response = await client.GetAsync("/api/v1/topics/" + topic);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("cpu.load")]
    [InlineData("metrics:cpu.load")]
    [InlineData("metric:bad%20name")]
    [InlineData("board:")]
    public async Task MalformedTopic_Is400(string topic)
    {
        using var client = _gateway.CreateClient();

        using var response = await client.GetAsync("/api/v1/topics/" + topic);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheEndpoints()
    {
        using var client = _gateway.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await ReadJsonAsync(response);
        var paths = document.GetProperty("paths");
        var post = paths.GetProperty("/api/v1/metrics").GetProperty("post");
        Assert.False(string.IsNullOrEmpty(post.GetProperty("summary").GetString()));
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("text/plain", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("422", out _));
        Assert.True(paths.GetProperty("/api/v1/boards/{id}").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/topics").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/v1/topics/{topic}").GetProperty("get").GetProperty("responses").TryGetProperty("304", out _));
    }
}
