using System.Net.Sockets;
using System.Text;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Hosting;

/// <summary>
/// The gateway's connection cap reaches Kestrel: past it a new connection is closed unanswered while the
/// connections already open keep working (before, a gateway at its open-file limit exited instead).
/// </summary>
public sealed class ConnectionCapTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ConnectionPastTheCap_IsClosedUnanswered_WhileOpenOnesAreServed()
    {
        await using var gateway = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["LiveDash:Gateway:MaxConnections"] = "2" });
        using var first = await ConnectAsync(gateway.BaseAddress);
        using var second = await ConnectAsync(gateway.BaseAddress);

        // A served request on each proves both connections count before the third arrives.
        Assert.StartsWith("HTTP/1.1 200", await RequestAsync(first), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", await RequestAsync(second), StringComparison.Ordinal);

        using var third = await ConnectAsync(gateway.BaseAddress);
        Assert.Equal(string.Empty, await RequestAsync(third));

        Assert.StartsWith("HTTP/1.1 200", await RequestAsync(first), StringComparison.Ordinal);
    }

    private static async Task<TcpClient> ConnectAsync(Uri address)
    {
        var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port).WaitAsync(s_timeout);
        return client;
    }

    /// <summary>Sends <c>GET /healthz</c> on a kept-alive connection; the answer's head, or "" when the gateway closed it.</summary>
    private static async Task<string> RequestAsync(TcpClient client)
    {
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).AsTask().WaitAsync(s_timeout);
            var buffer = new byte[4096];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(s_timeout);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            // A connection Kestrel refused may be reset rather than closed: unanswered either way.
            return string.Empty;
        }
    }
}
