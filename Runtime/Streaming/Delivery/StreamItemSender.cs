using System.Collections.Concurrent;
using LiveDash.Runtime.Messaging.Transport;
using LiveDash.Runtime.Streaming.Subscription;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Streaming.Delivery;

/// <summary>
/// Sends a published item to one subscribed node: this node's own subscriptions directly, another silo
/// over the connection to it, a client over the connection it opened. Posted, never awaited: a stream's
/// turn does not wait for its subscribers, and one that cannot be reached loses the item here and gets
/// it back by its own catch-up (its renewal compares positions).
/// </summary>
internal sealed class StreamItemSender
{
    private readonly StreamNode _self;
    private readonly StreamSubscriberHub _localHub;
    private readonly ConnectionManager? _connections;
    private readonly ClientConnectionDirectory? _clients;
    private readonly ILogger _logger;
    private readonly Action<Exception, object?> _onFailed;

    // Node names parsed once: every item is sent to every subscribed node.
    private readonly ConcurrentDictionary<string, SiloAddress> _siloNodes = new(StringComparer.Ordinal);

    public StreamItemSender(StreamNode self, StreamSubscriberHub localHub, ConnectionManager? connections, ClientConnectionDirectory? clients, ILogger<StreamItemSender> logger)
    {
        _self = self;
        _localHub = localHub;
        _connections = connections;
        _clients = clients;
        _logger = logger;
        _onFailed = (exception, node) => StreamLog.DeliveryFailed(_logger, (string)node!, exception.Message);
    }

    /// <summary>Sends the item; false when the node is not reachable now (a client with no connection, an unknown name).</summary>
    public bool Send(string node, GrainId rendezvous, long sequence, long epoch, byte[] body)
    {
        if (node == _self.Id)
        {
            _localHub.OnItem(rendezvous, epoch, sequence, body.AsMemory(sizeof(long)));
            return true;
        }

        var message = new Message { Kind = MessageKind.StreamItem, Target = rendezvous, Id = sequence, Body = body };
        if (node.StartsWith(StreamNode.ClientPrefix, StringComparison.Ordinal))
        {
            if (_clients is not null && _clients.TryGet(node.AsSpan(StreamNode.ClientPrefix.Length), out var connection))
            {
                connection.Post(message, _onFailed, node);
                return true;
            }

            return false;
        }

        if (_connections is not null && node.StartsWith(StreamNode.SiloPrefix, StringComparison.Ordinal) && node != StreamNode.StandaloneSilo)
        {
            var silo = _siloNodes.GetOrAdd(node, static name => SiloAddress.Parse(name[StreamNode.SiloPrefix.Length..]));
            _connections.Post(silo, message, _onFailed, node);
            return true;
        }

        return false;
    }
}
