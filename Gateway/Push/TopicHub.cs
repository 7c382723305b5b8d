namespace LiveDash.Gateway.Push;

/// <summary>
/// The gateway's connection hub: one runtime stream subscription per topic however many
/// connections follow it, each event serialised once (<see cref="PushEvent"/>) and handed to every
/// connection's queue. Singleton.
/// </summary>
public sealed class TopicHub : IAsyncDisposable
{
    /// <summary>Opens a connection for a transport; the caller subscribes it and disposes it when the client goes.</summary>
    /// <param name="transport"><c>sse</c>, <c>websocket</c> or <c>longpoll</c>.</param>
    /// <returns>The connection.</returns>
    public PushConnection Connect(string transport) => new(transport);

    /// <summary>
    /// Graceful shutdown: closes every connection with <see cref="DisconnectCode.Shutdown"/> (transports
    /// tell their clients to reconnect), then ends the topic subscriptions.
    /// </summary>
    /// <returns>A task that completes when every subscription ended.</returns>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
