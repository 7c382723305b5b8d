using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Auth;

/// <summary>
/// What every push transport checks before a connection starts (Transports/PushAdmission): the WebSocket
/// origin, the per-address connection cap, and single-use tickets — on a real gateway.
/// </summary>
public sealed class PushAdmissionTests : IAsyncLifetime
{
    private GatewayServer? _keyed;

    private GatewayServer Keyed => _keyed!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(KeyedGatewayFixture.Settings)
        {
            ["LiveDash:Gateway:Connections:MaxPerIp"] = "1",
            ["LiveDash:Gateway:Connections:ExemptLoopback"] = "false",
        };
        _keyed = await GatewayServer.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        if (_keyed is not null)
        {
            await _keyed.DisposeAsync();
        }
    }

    [Fact]
    public async Task WebSocketUpgrade_FromAnotherOrigin_IsRefusedWith403BeforeTheTicketIsSpent()
    {
        var ticket = await TicketAsync();
        using var foreign = NewSocket(origin: "http://evil.example");

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(WebSocketUri(ticket), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);
        Assert.NotNull(refused);
        using var own = NewSocket(origin: Keyed.BaseAddress.GetLeftPart(UriPartial.Authority));
        await own.ConnectAsync(WebSocketUri(ticket), CancellationToken.None);
        Assert.Equal(WebSocketState.Open, own.State);
    }

    [Fact]
    public async Task Ticket_UsedTwice_IsRefusedTheSecondTime()
    {
        var ticket = await TicketAsync();
        using (var first = NewSocket())
        {
            await first.ConnectAsync(WebSocketUri(ticket), CancellationToken.None);
            Assert.Equal(WebSocketState.Open, first.State);
            await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        using var again = NewSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => again.ConnectAsync(WebSocketUri(ticket), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, again.HttpStatusCode);
    }

    [Fact]
    public async Task PushConnection_OverThePerAddressCap_Gets429WithRetryAfter()
    {
        using var held = NewSocket();
        await held.ConnectAsync(WebSocketUri(await TicketAsync()), CancellationToken.None);

        using var client = Keyed.CreateClient();
        using var poll = new HttpRequestMessage(HttpMethod.Get, "api/v1/poll?topic=board:any");
        poll.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KeyedGatewayFixture.ViewKey);
        using var answer = await client.SendAsync(poll);

        Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
        Assert.NotNull(answer.Headers.RetryAfter);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);

    }

    private static ClientWebSocket NewSocket(string? origin = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        return socket;
    }

    private Uri WebSocketUri(string ticket)
        => new(new Uri(Keyed.BaseAddress.ToString().Replace("http://", "ws://", StringComparison.Ordinal)), "ws?ticket=" + Uri.EscapeDataString(ticket));

    private async Task<string> TicketAsync()
    {
        using var client = Keyed.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/tickets");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KeyedGatewayFixture.ViewKey);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("ticket").GetString()!;
    }
}
