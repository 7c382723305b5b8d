using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using LiveDash.Grains;
using LiveDash.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.WebSockets;

/// <summary>How WebSocket connections end: keep-alive timeouts and the gateway's graceful stop (each test has its own gateway).</summary>
public sealed class WebSocketLifetimeTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task KeepAlive_ClientNeverAnswersPings_DroppedWhileAnAnsweringClientStaysOpen()
    {
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?>
        {
            ["LiveDash:Gateway:WebSockets:KeepAliveInterval"] = "00:00:01",
            ["LiveDash:Gateway:WebSockets:KeepAliveTimeout"] = "00:00:01",
        });
        await using var answering = await WebSocketTestClient.ConnectAsync(server);
        using var silent = new TcpClient();
        await silent.ConnectAsync(IPAddress.Loopback, server.BaseAddress.Port);
        var stream = silent.GetStream();

        await UpgradeByHandAsync(stream, server.BaseAddress);
        var pings = await ReadUntilDroppedAsync(stream);

        Assert.True(pings >= 1, "the gateway should have pinged the silent client before dropping it");
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, answering.State);
        await answering.SendAsync("""{"op":"ping","id":"still-there"}""");
        var pong = await answering.NextAsync("the answering client's pong");
        Assert.True(pong.IsReply("pong", "still-there"), pong.ToString());
    }

    [Fact]
    public async Task GracefulStop_Closes4000Shutdown()
    {
        await using var server = await GatewayServer.StartAsync();
        await server.Services.GetRequiredService<IClusterClient>().GetGrain<IScoreboardGrain>("ws-stop")
            .ApplyAsync(new BoardCommand(Set: new Dictionary<string, long> { ["a"] = 1 }));
        await using var client = await WebSocketTestClient.ConnectAsync(server);
        await client.SendAsync("""{"op":"subscribe","topics":["board:ws-stop"],"id":"s1"}""");
        await client.NextMatchingAsync(m => m.IsReply("ack", "s1"), "the subscribe's ack");

        var stopping = server.StopAsync();
        var status = await client.WaitClosedAsync("the gateway's close frame at shutdown");
        await stopping.WaitAsync(s_timeout);

        Assert.Equal(4000, (int?)status);
        Assert.Equal("shutdown", client.CloseDescription);
    }

    // RFC 6455 opening handshake, written by hand so the client can then ignore the gateway's pings.
    private static async Task UpgradeByHandAsync(NetworkStream stream, Uri server)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET /ws HTTP/1.1\r\nHost: {server.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        var head = new StringBuilder();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(s_timeout);
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, timeout.Token) == 0)
            {
                throw new InvalidOperationException("The gateway closed the connection during the handshake: " + head);
            }

            head.Append((char)one[0]);
        }

#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for Sec-WebSocket-Accept; it is not used for security here.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        Assert.StartsWith("HTTP/1.1 101", head.ToString(), StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Accept: " + accept, head.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    // Reads server frames (unmasked) without ever answering; returns the pings seen once the gateway drops the connection.
    private static async Task<int> ReadUntilDroppedAsync(NetworkStream stream)
    {
        var pings = 0;
        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            while (true)
            {
                var header = await ReadExactlyOrEndAsync(stream, 2, timeout.Token);
                if (header is null)
                {
                    return pings;
                }

                if ((header[0] & 0x0F) == 0x9)
                {
                    pings++;
                }

                long length = header[1] & 0x7F;
                if (length >= 126)
                {
                    var extended = await ReadExactlyOrEndAsync(stream, length == 126 ? 2 : 8, timeout.Token);
                    if (extended is null)
                    {
                        return pings;
                    }

                    length = extended.Aggregate(0L, (value, b) => (value << 8) | b);
                }

                if (length > 0 && await ReadExactlyOrEndAsync(stream, (int)length, timeout.Token) is null)
                {
                    return pings;
                }
            }
        }
        catch (IOException)
        {
            // Reset by the gateway: dropped.
            return pings;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {s_timeout.TotalSeconds:0} s waiting for the gateway to drop a client that never answers pings.");
        }
    }

    private static async Task<byte[]?> ReadExactlyOrEndAsync(NetworkStream stream, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        return buffer;
    }
}
