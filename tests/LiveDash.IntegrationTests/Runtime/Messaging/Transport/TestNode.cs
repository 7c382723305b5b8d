using System.Net;
using LiveDash.Runtime;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Messaging.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveDash.IntegrationTests.Runtime.Messaging.Transport;

/// <summary>One silo's transport on 127.0.0.1: a listener on a free port, a connection manager and a shared block list.</summary>
internal sealed class TestNode : IAsyncDisposable
{
    private static long s_generation = 1000;

    private TestNode(SiloAddress address, ConnectionListener listener, ConnectionManager manager, TestHandler handler)
    {
        Address = address;
        Listener = listener;
        Manager = manager;
        Handler = handler;
    }

    public SiloAddress Address { get; }

    public ConnectionListener Listener { get; }

    public ConnectionManager Manager { get; }

    public TestHandler Handler { get; }

    /// <summary>
    /// Starts a node in <paramref name="clusterId"/>; <paramref name="port"/> 0 picks a free one, and
    /// <paramref name="generation"/> null picks a new incarnation.
    /// </summary>
    public static TestNode Start(
        string clusterId = "test",
        TransportOptions? options = null,
        TimeProvider? time = null,
        int port = 0,
        long? generation = null,
        ILogger? logger = null)
    {
        options ??= new TransportOptions();
        logger ??= NullLogger.Instance;
        var handler = new TestHandler();
        var blocks = new PeerBlockList();
        var listener = new ConnectionListener(new IPEndPoint(IPAddress.Loopback, port), clusterId, handler, blocks, options, logger);
        var bound = listener.Bind();
        var address = new SiloAddress("127.0.0.1", bound.Port, generation ?? Interlocked.Increment(ref s_generation));
        listener.Start(address);
        var manager = new ConnectionManager(clusterId, () => address, handler, blocks, options, logger, time);
        return new TestNode(address, listener, manager, handler);
    }

    /// <summary>A process crash: every socket dropped with a reset, nothing said.</summary>
    public async Task CrashAsync()
    {
        Manager.AbortAll();
        await Listener.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        Handler.Gate?.Set();
        await Manager.DisposeAsync();
        await Listener.DisposeAsync();
    }
}
