using Microsoft.AspNetCore.SignalR;

namespace LiveDash.Baselines.SignalR;

/// <summary>
/// The SignalR baseline: clients only listen; the publisher broadcasts every event to all of them
/// as target <see cref="EventTarget"/>. Connections are counted for <c>/stats</c>.
/// </summary>
internal sealed class BroadcastHub : Hub
{
    public const string EventTarget = "event";

    private static int s_connections;

    public static int Connections => Volatile.Read(ref s_connections);

    public override Task OnConnectedAsync()
    {
        Interlocked.Increment(ref s_connections);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        Interlocked.Decrement(ref s_connections);
        return Task.CompletedTask;
    }
}
