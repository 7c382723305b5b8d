using System.Net;
using LiveDash.Gateway.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Auth;

public sealed class RequestAuthorizerTests
{
    [Fact]
    public void Authorize_NoCredentials_Is401WithBearerChallenge()
    {
        var context = AuthFixture.Request();

        var outcome = new AuthFixture().Authorizer.Authorize(context, AccessScope.View, allowTicket: true);

        var problem = AssertRefused(outcome, StatusCodes.Status401Unauthorized);
        Assert.Contains("LiveDash:Auth:ViewKeys", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Contains("ticket", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Equal("Bearer realm=\"livedash\"", context.Response.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public void Authorize_UnknownKey_Is401InvalidToken()
    {
        var context = AuthFixture.Request(authorization: "Bearer not-a-configured-key");

        var outcome = new AuthFixture().Authorizer.Authorize(context, AccessScope.View, allowTicket: false);

        AssertRefused(outcome, StatusCodes.Status401Unauthorized);
        Assert.Contains("error=\"invalid_token\"", context.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_OtherScheme_Is401()
        => AssertRefused(new AuthFixture().Authorizer.Authorize(AuthFixture.Request(authorization: "Basic " + AuthFixture.ViewKey), AccessScope.View, allowTicket: false), StatusCodes.Status401Unauthorized);

    [Fact]
    public void Authorize_ViewKeyOnWriteEndpoint_Is403NamingTheScope()
    {
        var context = AuthFixture.Request(authorization: "Bearer " + AuthFixture.ViewKey);

        var outcome = new AuthFixture().Authorizer.Authorize(context, AccessScope.Ingest, allowTicket: false);

        var problem = AssertRefused(outcome, StatusCodes.Status403Forbidden);
        Assert.Contains("'ingest'", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Contains("LiveDash:Auth:IngestKeys", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Contains("error=\"insufficient_scope\"", context.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_IngestKeyOnReadEndpoint_Is403()
        => AssertRefused(new AuthFixture().Authorizer.Authorize(AuthFixture.Request(authorization: "Bearer " + AuthFixture.IngestKey), AccessScope.View, allowTicket: false), StatusCodes.Status403Forbidden);

    [Fact]
    public void Authorize_IngestKey_GrantsIngestPartitionedByAFingerprintThatIsNotTheKey()
    {
        var gateway = new AuthFixture();

        var grant = AssertGranted(gateway.Authorizer.Authorize(AuthFixture.Request(authorization: "Bearer " + AuthFixture.IngestKey), AccessScope.Ingest, allowTicket: false));

        Assert.Equal(AccessScope.Ingest, grant.Scopes);
        Assert.Matches("^[0-9a-f]{16}$", grant.PartitionKey);
        Assert.DoesNotContain(grant.PartitionKey, AuthFixture.IngestKey, StringComparison.Ordinal);
        Assert.Equal(gateway.Key(AuthFixture.IngestKey).FingerprintHex, grant.PartitionKey);
        Assert.Null(grant.ExpiresAt);
    }

    [Fact]
    public void Authorize_TwoKeys_HaveDifferentPartitions()
    {
        var gateway = new AuthFixture();
        var view = AssertGranted(gateway.Authorizer.Authorize(AuthFixture.Request(authorization: "Bearer " + AuthFixture.ViewKey), AccessScope.View, allowTicket: false));
        var both = AssertGranted(gateway.Authorizer.Authorize(AuthFixture.Request(authorization: "Bearer " + AuthFixture.BothKey), AccessScope.View, allowTicket: false));

        Assert.NotEqual(view.PartitionKey, both.PartitionKey);
    }

    [Fact]
    public void Authorize_KeyInBothLists_HoldsBothScopes()
    {
        var grant = AssertGranted(new AuthFixture().Authorizer.Authorize(AuthFixture.Request(authorization: "Bearer " + AuthFixture.BothKey), AccessScope.Ingest, allowTicket: false));

        Assert.Equal(AccessScope.View | AccessScope.Ingest, grant.Scopes);
    }

    [Fact]
    public void Authorize_AnyScopeWithAValidKey_IsGranted()
        => AssertGranted(new AuthFixture().Authorizer.Authorize(AuthFixture.Request(authorization: "Bearer " + AuthFixture.IngestKey), AccessScope.None, allowTicket: false));

    [Fact]
    public void Authorize_AnyScopeWithoutKeyOnAKeyedGateway_Is401()
        => AssertRefused(new AuthFixture().Authorizer.Authorize(AuthFixture.Request(), AccessScope.None, allowTicket: false), StatusCodes.Status401Unauthorized);

    [Fact]
    public void Authorize_Ticket_GrantsUntilIssuePlusSessionLifetime()
    {
        var gateway = new AuthFixture();
        var issuedAt = gateway.Time.GetUtcNow();
        var ticket = gateway.TicketFor(AuthFixture.ViewKey);
        gateway.Time.Advance(TimeSpan.FromSeconds(10));

        var grant = AssertGranted(gateway.Authorizer.Authorize(AuthFixture.Request(ticket: ticket), AccessScope.View, allowTicket: true));

        Assert.Equal(AccessScope.View, grant.Scopes);
        Assert.Equal(gateway.Key(AuthFixture.ViewKey).FingerprintHex, grant.PartitionKey);
        Assert.Equal(issuedAt + TimeSpan.FromHours(1), grant.ExpiresAt);
    }

    [Fact]
    public void Authorize_TicketReused_Is401()
    {
        var gateway = new AuthFixture();
        var ticket = gateway.TicketFor(AuthFixture.ViewKey);
        AssertGranted(gateway.Authorizer.Authorize(AuthFixture.Request(ticket: ticket), AccessScope.View, allowTicket: true));

        var problem = AssertRefused(gateway.Authorizer.Authorize(AuthFixture.Request(ticket: ticket), AccessScope.View, allowTicket: true), StatusCodes.Status401Unauthorized);

        Assert.Contains("already used", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_TicketWhereTicketsAreNotAccepted_Is401AndLeavesItUnused()
    {
        var gateway = new AuthFixture();
        var ticket = gateway.TicketFor(AuthFixture.ViewKey);

        AssertRefused(gateway.Authorizer.Authorize(AuthFixture.Request(ticket: ticket), AccessScope.View, allowTicket: false), StatusCodes.Status401Unauthorized);

        AssertGranted(gateway.Authorizer.Authorize(AuthFixture.Request(ticket: ticket), AccessScope.View, allowTicket: true));
    }

    [Fact]
    public void Authorize_BearerAndTicket_BearerWinsAndTheTicketStaysUnused()
    {
        var gateway = new AuthFixture();
        var ticket = gateway.TicketFor(AuthFixture.ViewKey);

        var grant = AssertGranted(gateway.Authorizer.Authorize(AuthFixture.Request(authorization: "Bearer " + AuthFixture.BothKey, ticket: ticket), AccessScope.View, allowTicket: true));

        Assert.Null(grant.ExpiresAt);
        Assert.Equal(0, gateway.Tickets.RedeemedCount);
    }

    [Fact]
    public void Authorize_TwoTicketParameters_Is401()
    {
        var gateway = new AuthFixture();
        var context = AuthFixture.Request();
        context.Request.QueryString = new QueryString("?ticket=" + gateway.TicketFor(AuthFixture.ViewKey) + "&ticket=" + gateway.TicketFor(AuthFixture.ViewKey));

        AssertRefused(gateway.Authorizer.Authorize(context, AccessScope.View, allowTicket: true), StatusCodes.Status401Unauthorized);
        Assert.Equal(0, gateway.Tickets.RedeemedCount);
    }

    [Fact]
    public void Authorize_TicketWhileRedemptionIsSaturated_Is429WithRetryAfter()
    {
        var gateway = new AuthFixture(settings: new Dictionary<string, string?> { ["LiveDash:Auth:MaxRedeemedTickets"] = "1" });
        AssertGranted(gateway.Authorizer.Authorize(AuthFixture.Request(ticket: gateway.TicketFor(AuthFixture.ViewKey)), AccessScope.View, allowTicket: true));
        var context = AuthFixture.Request(ticket: gateway.TicketFor(AuthFixture.ViewKey));

        AssertRefused(gateway.Authorizer.Authorize(context, AccessScope.View, allowTicket: true), StatusCodes.Status429TooManyRequests);
        Assert.Equal("30", context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public void Authorize_OpenScopeWithoutCredentials_GrantsTheOpenScopesPartitionedByAddress()
    {
        var gateway = new AuthFixture(ingestKeys: "", viewKeys: "");

        var grant = AssertGranted(gateway.Authorizer.Authorize(AuthFixture.Request(), AccessScope.Ingest, allowTicket: false));

        Assert.Equal(AccessScope.View | AccessScope.Ingest, grant.Scopes);
        Assert.Equal("10.1.2.3", grant.PartitionKey);
        Assert.Null(grant.ExpiresAt);
    }

    [Fact]
    public void Authorize_OpenScopeWithAnUnknownKeyOrTicket_StillGrants()
    {
        var gateway = new AuthFixture(ingestKeys: "", viewKeys: "");

        AssertGranted(gateway.Authorizer.Authorize(AuthFixture.Request(authorization: "Bearer stale-key"), AccessScope.View, allowTicket: false));
        AssertGranted(gateway.Authorizer.Authorize(AuthFixture.Request(ticket: "stale-ticket"), AccessScope.View, allowTicket: true));
    }

    [Fact]
    public void Authorize_OpenViewKeyedIngest_NeedsAnIngestKeyToWriteOnly()
    {
        var gateway = new AuthFixture(ingestKeys: AuthFixture.IngestKey, viewKeys: "");

        AssertGranted(gateway.Authorizer.Authorize(AuthFixture.Request(), AccessScope.View, allowTicket: false));
        AssertRefused(gateway.Authorizer.Authorize(AuthFixture.Request(), AccessScope.Ingest, allowTicket: false), StatusCodes.Status401Unauthorized);
        var grant = AssertGranted(gateway.Authorizer.Authorize(AuthFixture.Request(authorization: "Bearer " + AuthFixture.IngestKey), AccessScope.Ingest, allowTicket: false));
        Assert.Equal(AccessScope.View | AccessScope.Ingest, grant.Scopes);
    }

    [Fact]
    public void Authorize_EmptyListsOnANonLoopbackBind_RefusesEveryone()
    {
        // Reachable only through a reload that empties a list: at start such a gateway refuses to run.
        var gateway = new AuthFixture(ingestKeys: "", viewKeys: "", loopbackOnly: false);

        AssertRefused(gateway.Authorizer.Authorize(AuthFixture.Request(), AccessScope.View, allowTicket: false), StatusCodes.Status401Unauthorized);
        AssertRefused(gateway.Authorizer.Authorize(AuthFixture.Request(authorization: "Bearer anything"), AccessScope.View, allowTicket: false), StatusCodes.Status401Unauthorized);
    }

    [Theory]
    [InlineData("evil.example:5080")]
    [InlineData("10.0.0.5:5080")]
    public void Authorize_OpenScopeAddressedToANonLoopbackHost_Is401(string host)
    {
        // A page that rebinds its own DNS name to 127.0.0.1 reaches the loopback socket with its own Host header.
        var gateway = new AuthFixture(ingestKeys: "", viewKeys: "");

        var problem = AssertRefused(gateway.Authorizer.Authorize(AuthFixture.Request(host: host), AccessScope.View, allowTicket: false), StatusCodes.Status401Unauthorized);

        Assert.Contains("loopback host", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_OpenScopeReceivedOnANonLoopbackAddress_Is401()
    {
        var gateway = new AuthFixture(ingestKeys: "", viewKeys: "");

        AssertRefused(gateway.Authorizer.Authorize(AuthFixture.Request(localAddress: IPAddress.Parse("192.168.1.20")), AccessScope.View, allowTicket: false), StatusCodes.Status401Unauthorized);
    }

    [Theory]
    [InlineData("localhost:5080")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]:5080")]
    public void Authorize_OpenScopeAddressedToALoopbackHost_Grants(string host)
        => AssertGranted(new AuthFixture(ingestKeys: "", viewKeys: "").Authorizer.Authorize(AuthFixture.Request(host: host), AccessScope.View, allowTicket: false));

    [Fact]
    public void Authorize_TestServerLikeRequestWithoutAddresses_CountsAsLocal()
    {
        var context = new DefaultHttpContext();

        AssertGranted(new AuthFixture(ingestKeys: "", viewKeys: "").Authorizer.Authorize(context, AccessScope.View, allowTicket: false));
    }

    private static AccessGrant AssertGranted(AuthorizationOutcome outcome)
    {
        Assert.True(outcome.Succeeded, "Expected a grant, got " + (outcome.Problem as ProblemHttpResult)?.ProblemDetails.Detail);
        Assert.Null(outcome.Problem);
        return outcome.Grant!;
    }

    private static ProblemHttpResult AssertRefused(AuthorizationOutcome outcome, int status)
    {
        Assert.False(outcome.Succeeded, "Expected a refusal with " + status + ", got a grant.");
        var problem = Assert.IsType<ProblemHttpResult>(outcome.Problem);
        Assert.Equal(status, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.ContentType);
        return problem;
    }
}
