namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>
/// Receives what arrives on transport connections. Threading: each connection calls
/// <see cref="OnMessage"/> from its single reader loop, one message at a time and in arrival order,
/// and different connections call concurrently. The reader does not read the next frame until
/// <see cref="OnMessage"/> returns, so it must not block: hand work off, and send replies with
/// <see cref="Connection.SendAsync"/> without waiting for them on the reader's thread.
/// </summary>
internal interface IMessageHandler
{
    /// <summary>A message arrived on <paramref name="connection"/>; the handler owns it from now on.</summary>
    void OnMessage(Message message, Connection connection);

    /// <summary>
    /// <paramref name="connection"/> is closed, once per connection, after its loops have ended and its
    /// queued sends have failed. <paramref name="reason"/> is null for a local, orderly close.
    /// </summary>
    void OnConnectionClosed(Connection connection, Exception? reason);
}
