namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>The accepting side's answer; after a refusal it closes the connection.</summary>
/// <param name="Accepted">Whether the connection may carry messages.</param>
/// <param name="Reason">Why it was refused (e.g. <c>cluster id 'a' != 'b'</c>); null when accepted.</param>
/// <param name="Silo">The acceptor's own address.</param>
internal sealed record HandshakeResponse(bool Accepted, string? Reason, string Silo);
