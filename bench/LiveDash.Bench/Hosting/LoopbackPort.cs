using System.Net;
using System.Net.Sockets;

namespace LiveDash.Bench.Hosting;

/// <summary>Ports for the bench's child processes.</summary>
internal static class LoopbackPort
{
    /// <summary>A 127.0.0.1 port free now (the OS picks it; a child binds it a moment later).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
