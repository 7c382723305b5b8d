using Microsoft.AspNetCore.Http;

namespace LiveDash.Gateway.Auth;

/// <summary>The result of <see cref="RequestAuthorizer.Authorize"/>: a grant, or the problem to answer with (401 or 403).</summary>
/// <param name="Grant">The access granted, or null when refused.</param>
/// <param name="Problem">The problem+json answer when refused.</param>
public readonly record struct AuthorizationOutcome(AccessGrant? Grant, IResult? Problem)
{
    /// <summary>Whether access was granted.</summary>
    public bool Succeeded => Grant is not null;
}
