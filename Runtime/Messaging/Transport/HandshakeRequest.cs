namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>
/// What the connecting side says first. Addresses travel in their <c>host:port@generation</c> text form.
/// </summary>
/// <param name="ProtocolVersion">The frame format the connector speaks (<see cref="HandshakeProtocol.Version"/>).</param>
/// <param name="ClusterId">The connector's cluster; a silo talks only to its own cluster.</param>
/// <param name="Sender">The connector's silo address, or null for a client.</param>
/// <param name="ExpectedTarget">
/// The exact incarnation the connector means to reach; a silo restarted on the same port has a new
/// generation and refuses a caller still holding the old address.
/// </param>
/// <param name="ClientId">
/// A cluster client's id (null for a silo): the silo sends stream items for that client on this connection.
/// </param>
internal sealed record HandshakeRequest(int ProtocolVersion, string ClusterId, string? Sender, string ExpectedTarget, string? ClientId = null);
