using System.Collections.Concurrent;
using System.Threading.Channels;
using LiveDash.Runtime;
using LiveDash.Runtime.Messaging.Transport;

namespace LiveDash.IntegrationTests.Runtime.Messaging.Transport;

/// <summary>
/// A message handler for transport tests. It echoes requests as responses, completes the requests
/// it sent when their response arrives, records everything else, and fails the requests still
/// waiting on a connection when that connection closes (what the call layer above will do).
/// Setting <see cref="Gate"/> makes the reader loop stop reading, as a peer that stalls would.
/// </summary>
internal sealed class TestHandler : IMessageHandler
{
    private readonly ConcurrentDictionary<long, (TaskCompletionSource<Message> Reply, SiloAddress Target)> _pending = new();
    private long _nextId;

    /// <summary>When set, <see cref="OnMessage"/> waits on it before handling anything.</summary>
    public ManualResetEventSlim? Gate { get; set; }

    /// <summary>Signalled with the first message the handler is stuck on behind <see cref="Gate"/>.</summary>
    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One-way messages, in arrival order.</summary>
    public Channel<Message> OneWays { get; } = Channel.CreateUnbounded<Message>();

    /// <summary>Closed connections and why.</summary>
    public Channel<(Connection Connection, Exception? Reason)> Closed { get; } = Channel.CreateUnbounded<(Connection, Exception?)>();

    /// <summary>Sends a request and awaits its response.</summary>
    public async Task<Message> RequestAsync(ConnectionManager manager, SiloAddress target, ReadOnlyMemory<byte> body)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (reply, target);
        try
        {
            await manager.SendAsync(target, new Message { Kind = MessageKind.Request, Id = id, Body = body });
        }
        catch
        {
            _pending.TryRemove(id, out _);
            throw;
        }

        return await reply.Task;
    }

    public void OnMessage(Message message, Connection connection)
    {
        if (Gate is { } gate)
        {
            Stalled.TrySetResult();
            gate.Wait();
        }

        switch (message.Kind)
        {
            case MessageKind.Request:
                _ = ReplyAsync(connection, new Message { Kind = MessageKind.Response, Id = message.Id, Body = message.Body });
                break;
            case MessageKind.Response when _pending.TryRemove(message.Id, out var pending):
                pending.Reply.TrySetResult(message);
                break;
            default:
                OneWays.Writer.TryWrite(message);
                break;
        }
    }

    // Not awaited on the reader loop, which must keep reading; a lost reply shows up as the
    // requester's connection closing.
    private static async Task ReplyAsync(Connection connection, Message reply)
    {
        try
        {
            await connection.SendAsync(reply);
        }
        catch (SiloUnavailableException)
        {
        }
    }

    public void OnConnectionClosed(Connection connection, Exception? reason)
    {
        Closed.Writer.TryWrite((connection, reason));
        foreach (var (id, pending) in _pending)
        {
            if (pending.Target == connection.Remote && _pending.TryRemove(id, out _))
            {
                pending.Reply.TrySetException(new SiloUnavailableException($"The connection to {connection} closed before the response."));
            }
        }
    }
}
