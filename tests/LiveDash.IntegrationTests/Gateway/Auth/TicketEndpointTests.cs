using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LiveDash.Gateway.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Auth;

public sealed class TicketEndpointTests : IClassFixture<KeyedGatewayFixture>
{
    private readonly KeyedGatewayFixture _gateway;

    public TicketEndpointTests(KeyedGatewayFixture gateway)
    {
        _gateway = gateway;
    }

    [Fact]
    public async Task PostTickets_WithoutKey_Is401ProblemWithBearerChallenge()
    {
        using var client = _gateway.Server.CreateClient();

        using var response = await client.PostAsync(new Uri("api/v1/tickets", UriKind.Relative), content: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>();
        Assert.Equal("urn:livedash:problem:unauthorized", problem?.Type);
        Assert.Equal(401, problem?.Status);
    }

    [Fact]
    public async Task PostTickets_WithUnknownKey_Is401()
    {
        using var client = _gateway.Server.CreateClient();

        using var response = await PostTicketAsync(client, "not-a-configured-key");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PostTickets_WithViewKey_IssuesAThirtySecondTicket()
    {
        using var client = _gateway.Server.CreateClient();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        using var response = await PostTicketAsync(client, KeyedGatewayFixture.ViewKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "A ticket must not be cached.");
        var body = await response.Content.ReadFromJsonAsync<TicketResponse>();
        Assert.NotNull(body);
        Assert.False(string.IsNullOrEmpty(body.Ticket));
        Assert.DoesNotContain(KeyedGatewayFixture.ViewKey, body.Ticket, StringComparison.Ordinal);
        Assert.InRange(body.ExpiresAt, before + 30_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 30_000);
    }

    [Fact]
    public async Task PostTickets_WithIngestKey_IssuesATicketForWriting()
    {
        using var client = _gateway.Server.CreateClient();
        using var response = await PostTicketAsync(client, KeyedGatewayFixture.IngestKey);
        var body = await response.Content.ReadFromJsonAsync<TicketResponse>();

        var grant = Redeem(_gateway.Server, body!.Ticket, AccessScope.Ingest);

        Assert.Equal(AccessScope.Ingest, grant.Grant?.Scopes);
    }

    [Fact]
    public async Task Ticket_FromTheEndpoint_IsRedeemedOnceWithTheKeysScopes()
    {
        using var client = _gateway.Server.CreateClient();
        using var response = await PostTicketAsync(client, KeyedGatewayFixture.ViewKey);
        var ticket = (await response.Content.ReadFromJsonAsync<TicketResponse>())!.Ticket;

        var forIngest = Redeem(_gateway.Server, ticket, AccessScope.Ingest);
        var first = Redeem(_gateway.Server, ticket, AccessScope.View);
        var second = Redeem(_gateway.Server, ticket, AccessScope.View);

        Assert.Equal(StatusCodes.Status403Forbidden, (forIngest.Problem as IStatusCodeHttpResult)?.StatusCode);
        Assert.Equal(AccessScope.View, first.Grant?.Scopes);
        Assert.NotNull(first.Grant?.ExpiresAt);
        Assert.Equal(StatusCodes.Status401Unauthorized, (second.Problem as IStatusCodeHttpResult)?.StatusCode);
    }

    [Fact]
    public async Task Ticket_IssuedByOneGateway_IsRedeemedByAnotherWithTheSameKeys()
    {
        await using var other = await GatewayServer.StartAsync(KeyedGatewayFixture.Settings);
        using var client = _gateway.Server.CreateClient();
        using var response = await PostTicketAsync(client, KeyedGatewayFixture.BothKey);
        var ticket = (await response.Content.ReadFromJsonAsync<TicketResponse>())!.Ticket;

        var grant = Redeem(other, ticket, AccessScope.Ingest);

        Assert.True(grant.Succeeded, "A ticket issued by gateway A was refused by gateway B configured with the same keys.");
        Assert.Equal(AccessScope.View | AccessScope.Ingest, grant.Grant!.Scopes);
    }

    [Fact]
    public async Task PostTickets_OnAnOpenLoopbackGateway_IssuesATicketWithoutKey()
    {
        await using var open = await GatewayServer.StartAsync();
        using var client = open.CreateClient();

        using var response = await client.PostAsync(new Uri("api/v1/tickets", UriKind.Relative), content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<TicketResponse>();
        Assert.True(Redeem(open, body!.Ticket, AccessScope.Ingest).Succeeded);
    }

    private static Task<HttpResponseMessage> PostTicketAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/tickets", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client.SendAsync(request);
    }

    // No push endpoint exists on this branch: redeem through the gateway's own authorizer, as the transports will.
    private static AuthorizationOutcome Redeem(GatewayServer server, string ticket, AccessScope scope)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(server.BaseAddress.Authority);
        context.Connection.LocalIpAddress = IPAddress.Loopback;
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.QueryString = QueryString.Create(RequestAuthorizer.TicketParameter, ticket);
        return server.Services.GetRequiredService<RequestAuthorizer>().Authorize(context, scope, allowTicket: true);
    }

    private sealed record ProblemBody(string Type, string Title, int Status, string Detail);
}
