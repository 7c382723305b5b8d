using System.Net;
using LiveDash.Grains;
using Xunit;
using static LiveDash.IntegrationTests.Gateway.Ingest.IngestGatewayFactory;

namespace LiveDash.IntegrationTests.Gateway.Ingest;

/// <summary><c>POST /api/v1/boards/{id}</c> through the whole gateway.</summary>
public sealed class BoardCommandEndpointTests : IClassFixture<IngestGatewayFactory>
{
    private readonly IngestGatewayFactory _gateway;

    public BoardCommandEndpointTests(IngestGatewayFactory gateway)
    {
        _gateway = gateway;
    }

    [Fact]
    public async Task Command_Is200WithTheSnapshot_ByteForByteTheTopicSnapshot()
    {
        using var client = _gateway.CreateClient();

        using var command = await client.PostAsync("/api/v1/boards/final-1", JsonBody("""{"title":"Final","set":{"team-a":3},"add":{"team-b":1}}"""));
        using var read = await client.GetAsync("/api/v1/topics/board:final-1");

        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        var body = await command.Content.ReadAsByteArrayAsync();
        Assert.Equal(await read.Content.ReadAsByteArrayAsync(), body);
        Assert.Equal(read.Headers.ETag, command.Headers.ETag);
        var snapshot = await ReadJsonAsync(command);
        Assert.Equal("snapshot", snapshot.GetProperty("type").GetString());
        Assert.Equal("board:final-1", snapshot.GetProperty("topic").GetString());
        var data = snapshot.GetProperty("data");
        Assert.Equal("Final", data.GetProperty("title").GetString());
        Assert.Equal(["team-a", "team-b"], data.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task RepeatedBatchId_IsAppliedOnce()
    {
        using var client = _gateway.CreateClient();
        var body = $$$"""{"batchId":"{{{Guid.NewGuid()}}}","add":{"team-a":1}}""";

        using var first = await client.PostAsync("/api/v1/boards/dup-board", JsonBody(body));
        using var second = await client.PostAsync("/api/v1/boards/dup-board", JsonBody(body));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var board = (await _gateway.Grains.GetGrain<IScoreboardGrain>("dup-board").GetSnapshotAsync()).Data;
        Assert.Equal(1, Assert.Single(board.Entries).Score);
    }

    [Fact]
    public async Task InvalidBoardIdInThePath_Is422()
    {
        using var client = _gateway.CreateClient();

        using var response = await client.PostAsync("/api/v1/boards/bad%20id", JsonBody("""{"add":{"a":1}}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task BadEntry_Is422NamingIt_AndNothingIsApplied()
    {
        using var client = _gateway.CreateClient();

        using var response = await client.PostAsync("/api/v1/boards/bad-entry", JsonBody("""{"title":"T","set":{"ok":1,"not ok":2}}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = (await ReadJsonAsync(response)).GetProperty("errors")[0];
        Assert.Equal((1, "set"), (error.GetProperty("index").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Empty((await _gateway.Grains.GetGrain<IScoreboardGrain>("bad-entry").GetSnapshotAsync()).Data.Entries);
    }

    [Fact]
    public async Task Overflow_RefusedByTheGrain_Is422()
    {
        using var client = _gateway.CreateClient();
        using var set = await client.PostAsync("/api/v1/boards/overflow", JsonBody("""{"set":{"a":9223372036854775807}}"""));

        using var response = await client.PostAsync("/api/v1/boards/overflow", JsonBody("""{"add":{"a":1}}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("overflows", (await ReadJsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextBody_Is415()
    {
        using var client = _gateway.CreateClient();

        using var response = await client.PostAsync("/api/v1/boards/b", LinesBody("a value=1"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task MalformedJson_Is400()
    {
        using var client = _gateway.CreateClient();

        using var response = await client.PostAsync("/api/v1/boards/b", JsonBody("""{"add":{"a":1}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
