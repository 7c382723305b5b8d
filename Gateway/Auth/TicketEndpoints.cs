using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace LiveDash.Gateway.Auth;

/// <summary>The ticket endpoint.</summary>
public static class TicketEndpoints
{
    /// <summary>The ticket endpoint's path.</summary>
    public const string Path = "/api/v1/tickets";

    /// <summary>
    /// Maps <c>POST /api/v1/tickets</c>: any valid key (view, ingest or both; in open mode none) gets
    /// <c>200 {"ticket":"&lt;opaque&gt;","expiresAt":&lt;Unix ms&gt;}</c>, a single-use ticket carrying the key's scopes.
    /// The body is ignored.
    /// </summary>
    public static IEndpointRouteBuilder MapTicketEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, IssueTicket);
        return endpoints;
    }

    private static IResult IssueTicket(HttpContext context, RequestAuthorizer authorizer, TicketService tickets)
    {
        var outcome = authorizer.AuthorizeWithKey(context, AccessScope.None, allowTicket: false, out var key);
        if (outcome.Grant is not { } grant)
        {
            return outcome.Problem!;
        }

        var ticket = tickets.Issue(key, grant.Scopes);
        context.Response.Headers[HeaderNames.CacheControl] = "no-store";
        return TypedResults.Ok(new TicketResponse(ticket.Ticket, ticket.ExpiresAt.ToUnixTimeMilliseconds()));
    }
}
