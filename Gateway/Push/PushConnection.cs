using System.Diagnostics.CodeAnalysis;
using LiveDash.Grains;

namespace LiveDash.Gateway.Push;

/// <summary>
/// One client's push connection (an SSE response, a WebSocket, a long poll) as the hub sees it:
/// the topics it follows and its bounded outbound queue. The transport owns the connection: it
/// subscribes, then runs one writer loop that takes events with <see cref="WaitToReadAsync"/> and
/// <see cref="TryRead"/> and writes them, and disposes the connection when the client goes.
/// </summary>
/// <remarks>
/// Threading: <see cref="SubscribeAsync"/>, <see cref="Unsubscribe"/> and <see cref="Close"/> may be
/// called from any thread; <see cref="WaitToReadAsync"/>, <see cref="TryRead"/> and
/// <see cref="Cursor"/> from the single writer loop only. The hub enqueues without ever waiting for
/// the client: a connection that falls behind first has its updates collapsed into snapshots, then
/// is closed with <see cref="DisconnectCode.SlowConsumer"/> (<see cref="PushOptions"/>).
/// </remarks>
public sealed class PushConnection : IAsyncDisposable
{
    internal PushConnection(string transport)
    {
        Transport = transport;
    }

    /// <summary><c>sse</c>, <c>websocket</c> or <c>longpoll</c>.</summary>
    public string Transport { get; }

    /// <summary>Cancelled when the hub ends the connection (<see cref="ClosedBy"/> says why) or it is disposed.</summary>
    public CancellationToken Closed => throw new NotImplementedException();

    /// <summary>Why the hub ended the connection, or null while it is open.</summary>
    public DisconnectCode? ClosedBy => throw new NotImplementedException();

    /// <summary>The topics subscribed, in subscription order.</summary>
    public IReadOnlyList<Topic> Topics => throw new NotImplementedException();

    /// <summary>
    /// The connection's cursor after the events taken so far: every subscribed topic's position
    /// (the SSE <c>id</c> of the last event taken, the long-poll <c>cursor</c>).
    /// </summary>
    public string Cursor => throw new NotImplementedException();

    /// <summary>
    /// Subscribes to <paramref name="topics"/> (already subscribed ones are left as they are). For
    /// each, the first events are queued before this returns: the events after the cursor's position
    /// when they can be replayed; else a snapshot (with <c>"recovered":false</c> when the cursor named
    /// the topic). All or nothing: when one topic fails, none is subscribed.
    /// </summary>
    /// <param name="topics">The topics.</param>
    /// <param name="cursor">Where the client resumes from, or null for fresh snapshots.</param>
    /// <param name="cancellationToken">Abandons the subscription.</param>
    /// <returns>Subscribed, or why not.</returns>
    public Task<SubscribeResult> SubscribeAsync(IReadOnlyList<Topic> topics, PushCursor? cursor, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    /// <summary>Stops following <paramref name="topics"/>; their queued events are dropped. Unknown topics are ignored.</summary>
    /// <param name="topics">The topics.</param>
    public void Unsubscribe(IReadOnlyList<Topic> topics) => throw new NotImplementedException();

    /// <summary>Waits until an event can be taken; false once the connection is closed.</summary>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <returns>Whether <see cref="TryRead"/> may now succeed.</returns>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Takes the next event and advances <see cref="Cursor"/> past it.</summary>
    /// <param name="pushEvent">The event.</param>
    /// <returns>False when none is queued.</returns>
    public bool TryRead([NotNullWhen(true)] out PushEvent? pushEvent) => throw new NotImplementedException();

    /// <summary>Ends the connection for <paramref name="code"/>: <see cref="Closed"/> fires; the transport tells the client and stops.</summary>
    /// <param name="code">Why.</param>
    public void Close(DisconnectCode code) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
