using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Sse;

/// <summary>
/// The stream behind keys and tickets (CONTRACT.md: EventSource cannot set headers, so it brings a single-use
/// ticket): refusals before any SSE byte, one stream per ticket, and a ticket session that ends with
/// <c>4001 reauthenticate</c>.
/// </summary>
public sealed class SseAuthTests : IAsyncLifetime
{
    private const string ViewKey = "sse-view-key-0123456789abcdef";
    private GatewayServer? _server;

    public async Task InitializeAsync()
    {
        _server = await GatewayServer.StartAsync(new Dictionary<string, string?>
        {
            ["LiveDash:Auth:ViewKeys"] = ViewKey,
            ["LiveDash:Auth:IngestKeys"] = "sse-ingest-key-0123456789abcdef",
            ["LiveDash:Auth:TicketLifetime"] = "00:00:05",
            ["LiveDash:Auth:SessionLifetime"] = "00:00:05",
        });
        await SseStreamTests.AddAsync(_server, "auth", "a", 1);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stream_WithoutCredentials_401ProblemBeforeAnySseByte()
    {
        using var client = _server!.CreateClient();

        using var response = await client.GetAsync(SseTestStream.PathFor(["board:auth"]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("retry:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_WithBearerViewKey_Served()
    {
        using var client = _server!.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ViewKey);
        await using var stream = await SseTestStream.OpenAsync(client, ["board:auth"]);

        Assert.Equal("snapshot", (await stream.NextTopicEventAsync("the snapshot")).Type);
    }

    [Fact]
    public async Task Stream_BadTopicWithTicket_400_TicketStillServesTheNextRequest()
    {
        using var client = _server!.CreateClient();
        var ticket = await TicketAsync(client);

        using var refused = await client.GetAsync("api/v1/stream?topic=nope&ticket=" + Uri.EscapeDataString(ticket));
        await using var stream = await SseTestStream.OpenAsync(client, ["board:auth"], extraQuery: "ticket=" + Uri.EscapeDataString(ticket));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("snapshot", (await stream.NextTopicEventAsync("the snapshot")).Type);
    }

    [Fact]
    public async Task Stream_TicketUsedTwice_SecondRefused401()
    {
        using var client = _server!.CreateClient();
        var query = "ticket=" + Uri.EscapeDataString(await TicketAsync(client));
        await using var first = await SseTestStream.OpenAsync(client, ["board:auth"], extraQuery: query);

        using var second = await client.GetAsync(SseTestStream.PathFor(["board:auth"], query));

        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Contains("already used", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_TicketSessionEnds_Disconnect4001Reauthenticate()
    {
        using var client = _server!.CreateClient();
        var ticket = await TicketAsync(client);
        await using var stream = await SseTestStream.OpenAsync(client, ["board:auth"], extraQuery: "ticket=" + Uri.EscapeDataString(ticket));
        await stream.NextTopicEventAsync("the snapshot");

        // The session lasts 5 s from the ticket's issue.
        var disconnect = await stream.NextDisconnectAsync();

        Assert.Equal(4001, disconnect.GetProperty("code").GetInt32());
        Assert.Equal("reauthenticate", disconnect.GetProperty("reason").GetString());
        Assert.True(disconnect.GetProperty("reconnect").GetBoolean());
        Assert.Null(await stream.Reader.ReadAsync());
    }

    private static async Task<string> TicketAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/tickets");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ViewKey);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("ticket").GetString()!;
    }
}
