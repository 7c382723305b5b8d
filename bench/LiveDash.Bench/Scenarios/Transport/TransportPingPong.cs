using System.Net;
using LiveDash.Bench.Baselines;
using LiveDash.Runtime;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Messaging.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveDash.Bench.Scenarios.Transport;

/// <summary>
/// The same ping-pong as <see cref="RawSocketPingPong"/> over the runtime's transport: a
/// <see cref="ConnectionManager"/> sends a request (64-byte frame: 38-byte header, grain id, body)
/// to a <see cref="ConnectionListener"/> whose handler answers with a response carrying the same
/// id, which completes the worker's slot.
/// </summary>
internal sealed class TransportPingPong : IAsyncDisposable, IMessageHandler
{
    private static readonly GrainId s_target = new("bench", "k");

    // 38-byte header + 5 + 1 bytes of grain id + 20 bytes of body = 64, the raw baseline's frame.
    private static readonly byte[] s_body = new byte[RawSocketPingPong.FrameSize - FrameCodec.FixedHeaderSize - 6];

    private readonly ConnectionListener _listener;
    private readonly ConnectionManager _manager;
    private readonly SiloAddress _server;
    private readonly ReplySlots _slots;

    private TransportPingPong(int slots)
    {
        var options = new TransportOptions();
        _slots = new ReplySlots(slots);
        var echo = new EchoHandler();
        _listener = new ConnectionListener(new IPEndPoint(IPAddress.Loopback, 0), "bench", echo, new PeerBlockList(), options, NullLogger.Instance);
        var port = _listener.Bind().Port;
        _server = new SiloAddress("127.0.0.1", port, 1);
        _listener.Start(_server);
        _manager = new ConnectionManager("bench", static () => new SiloAddress("127.0.0.1", 1, 1), this, new PeerBlockList(), options, NullLogger.Instance);
    }

    public static async Task<TransportPingPong> StartAsync(int slots, CancellationToken cancellationToken)
    {
        var pingPong = new TransportPingPong(slots);
        await pingPong._manager.GetConnectionAsync(pingPong._server, cancellationToken);
        return pingPong;
    }

    /// <summary>Sends slot <paramref name="slot"/>'s request and completes when its response is back.</summary>
    public async ValueTask PingAsync(int slot)
    {
        var reply = _slots.Arm(slot);
        await _manager.SendAsync(_server, new Message { Kind = MessageKind.Request, Id = slot, Target = s_target, Body = s_body });
        await reply;
    }

    public void OnMessage(Message message, Connection connection) => _slots.Complete((int)message.Id);

    public void OnConnectionClosed(Connection connection, Exception? reason) =>
        _slots.FailAll(reason ?? new SiloUnavailableException("closed"));

    public async ValueTask DisposeAsync()
    {
        await _manager.DisposeAsync();
        await _listener.DisposeAsync();
    }

    /// <summary>The server side: answers every request with a response carrying its id and body.</summary>
    private sealed class EchoHandler : IMessageHandler
    {
        public void OnMessage(Message message, Connection connection) =>
            _ = ReplyAsync(connection, new Message { Kind = MessageKind.Response, Id = message.Id, Body = message.Body });

        public void OnConnectionClosed(Connection connection, Exception? reason)
        {
        }

        // Not awaited on the reader loop, which must keep reading.
        private static async Task ReplyAsync(Connection connection, Message reply)
        {
            try
            {
                await connection.SendAsync(reply);
            }
            catch (SiloUnavailableException)
            {
                // The measurement ended and closed the connection.
            }
        }
    }
}
