namespace LiveDash.Gateway.Auth;

/// <summary>The access a request was granted.</summary>
/// <param name="Scopes">Every scope the presented credentials carry (at least the one asked for).</param>
/// <param name="PartitionKey">
/// Who is asking, for per-client limits: a fingerprint of the key (never the key itself), or the
/// remote address in open mode.
/// </param>
/// <param name="ExpiresAt">
/// When the credentials stop being valid, for connections that outlive the request (a push
/// connection opened with a ticket is closed with <c>4001 reauthenticate</c> then); null when they do not expire.
/// </param>
public sealed record AccessGrant(AccessScope Scopes, string PartitionKey, DateTimeOffset? ExpiresAt);
