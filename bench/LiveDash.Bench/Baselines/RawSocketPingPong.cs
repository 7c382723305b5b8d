using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace LiveDash.Bench.Baselines;

/// <summary>
/// The floor for any request/response over TCP on this machine: a plain <see cref="Socket"/> echo
/// server and a client on 127.0.0.1, 64-byte frames, no serialisation, no queues, no batching. Up to
/// <c>slots</c> pings are in flight at once (one per closed-loop worker); each frame carries its slot
/// number and the server echoes the bytes back. Scenarios compare their own round trips with it in
/// the same run (<c>transport</c>, and <c>cluster</c> for grain calls across silos).
/// </summary>
internal sealed class RawSocketPingPong : IAsyncDisposable
{
    /// <summary>Bytes per request and per reply.</summary>
    public const int FrameSize = 64;

    private readonly Socket _listener;
    private readonly Socket _server;
    private readonly Socket _client;
    private readonly ReplySlots _slots;
    private readonly Lock _sendLock = new();
    private readonly byte[][] _frames;
    private readonly Task _echoLoop;
    private readonly Task _receiveLoop;

    private RawSocketPingPong(Socket listener, Socket server, Socket client, int slots)
    {
        _listener = listener;
        _server = server;
        _client = client;
        _slots = new ReplySlots(slots);
        _frames = new byte[slots][];
        for (var i = 0; i < slots; i++)
        {
            _frames[i] = new byte[FrameSize];
            BinaryPrimitives.WriteInt32LittleEndian(_frames[i], i);
        }

        _echoLoop = Task.Run(EchoLoopAsync);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Starts the echo server and connects the client, for up to <paramref name="slots"/> pings in flight.</summary>
    public static async Task<RawSocketPingPong> StartAsync(int slots, CancellationToken cancellationToken)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = listener.AcceptAsync(cancellationToken);
        await client.ConnectAsync(listener.LocalEndPoint!, cancellationToken);
        var server = await accepting;
        server.NoDelay = true;
        return new RawSocketPingPong(listener, server, client, slots);
    }

    /// <summary>Sends slot <paramref name="slot"/>'s frame and completes when its echo is back; one ping per slot at a time.</summary>
    public ValueTask PingAsync(int slot)
    {
        var reply = _slots.Arm(slot);

        // One small synchronous send per ping under a lock: the straightforward client, no batching.
        lock (_sendLock)
        {
            _client.Send(_frames[slot]);
        }

        return reply;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _server.Dispose();
        _listener.Dispose();
        await Task.WhenAll(_echoLoop, _receiveLoop);
    }

    private async Task EchoLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await _server.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                // Echoing the bytes as they came keeps the frames intact; one send per read.
                await _server.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Disposed at the end of the measurement.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await _client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                var offset = 0;
                for (; filled - offset >= FrameSize; offset += FrameSize)
                {
                    _slots.Complete(BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(offset)));
                }

                buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
                filled -= offset;
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Disposed at the end of the measurement.
        }

        _slots.FailAll(new ObjectDisposedException(nameof(RawSocketPingPong)));
    }
}
