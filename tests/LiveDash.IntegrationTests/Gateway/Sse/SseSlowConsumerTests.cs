using System.Net.Sockets;
using System.Text;
using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Push;
using LiveDash.Grains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace LiveDash.IntegrationTests.Gateway.Sse;

/// <summary>
/// A client that stops reading (CONTRACT.md: "A slow reader is never allowed to grow server memory without bound"):
/// its updates collapse, it is disconnected as a slow consumer, and its queue never holds more than the
/// coalescing threshold plus one event.
/// </summary>
public sealed class SseSlowConsumerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int CoalesceAfterQueuedBytes = 4096;
    private const int Entries = 400;
    private GatewayServer? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stream_ReaderStopsReading_UpdatesCoalesce_ThenSlowConsumerDisconnect_QueueBounded()
    {
        _server = await GatewayServer.StartAsync(new Dictionary<string, string?>
        {
            ["LiveDash:Gateway:Push:CoalesceAfterQueuedBytes"] = CoalesceAfterQueuedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LiveDash:Gateway:Push:MaxLag"] = "00:00:01.500",
            ["LiveDash:Gateway:Sse:DisconnectFlushTimeout"] = "00:00:00.500",
            ["LiveDash:Runtime:Streams:PublishInterval"] = "00:00:00",
        });
        var board = SseStreamTests.Grains(_server).GetGrain<IScoreboardGrain>("wide");
        var names = Enumerable.Range(0, Entries).Select(i => $"entry-{i:D3}").ToArray();
        var start = await board.ApplyAsync(new BoardCommand(Set: names.ToDictionary(n => n, _ => 1_000_000L)));

        // An update of every entry is about 20 KB of JSON; an event holds three encodings of it (JSON, SSE, WebSocket).
        var largestEvent = 3 * (TopicReplica.JsonOf(start.Data).Length + (Entries * 16) + 512);
        var metrics = _server.Services.GetRequiredService<GatewayMetrics>();
        var hub = _server.Services.GetRequiredService<TopicHub>();

        using var socket = new TcpClient { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
        var network = socket.GetStream();
        var request = $"GET /api/v1/stream?topic=board:wide HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nAccept: text/event-stream\r\n\r\n";
        await network.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = await ReadUntilAsync(network, "retry: 1000\n\n");
        Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/event-stream", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X-Accel-Buffering: no", head, StringComparison.OrdinalIgnoreCase);

        // From here the client reads nothing: the socket fills, the writer's flush waits, the hub queue stops moving.
        var connection = Assert.Single(hub.OpenConnections);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onClosed = connection.Closed.Register(closed.SetResult);
        var maxQueued = 0L;
        var writes = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!closed.Task.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"No slow-consumer disconnect after {writes} updates; queued at most {maxQueued} bytes, {metrics.Snapshot().EventsCoalesced} coalesced.");
            await board.ApplyAsync(new BoardCommand(Add: names.ToDictionary(n => n, _ => 1L)));
            writes++;
            maxQueued = Math.Max(maxQueued, connection.QueuedBytes);
        }

        var totals = metrics.Snapshot();
        output.WriteLine($"{writes} updates of ~{largestEvent / 3} bytes; queued at most {maxQueued} bytes; {totals.EventsCoalesced} coalesced; {totals.EventsWritten} written");
        Assert.Equal(DisconnectCode.SlowConsumer, connection.ClosedBy);
        Assert.True(totals.EventsCoalesced > 0, "No update was coalesced before the disconnect.");
        Assert.Equal(1, totals.Disconnects.GetValueOrDefault("slow_consumer"));
        Assert.InRange(maxQueued, 1, CoalesceAfterQueuedBytes + largestEvent);

        // The gateway ends the response: with the disconnect event when the socket takes it in time (the response
        // then completes, chunked terminator and all, and the HTTP/1.1 connection stays open), else by aborting it.
        var (rest, completed) = await ReadResponseEndAsync(network);
        output.WriteLine(completed ? "response completed with its disconnect event" : "response aborted");
        if (completed)
        {
            Assert.EndsWith("event: disconnect\ndata: {\"code\":4002,\"reason\":\"slow_consumer\",\"reconnect\":true}\n\n\r\n0\r\n\r\n", rest, StringComparison.Ordinal);
        }
    }

    private static async Task<string> ReadUntilAsync(NetworkStream network, string marker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var text = new StringBuilder();
        var buffer = new byte[1];
        while (!text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            // One byte at a time, so nothing past the marker is taken from the socket.
            if (await network.ReadAsync(buffer, timeout.Token) == 0)
            {
                throw new InvalidOperationException($"The connection ended before '{marker}': {text}");
            }

            text.Append((char)buffer[0]);
        }

        return text.ToString();
    }

    // Reads until the chunked response's terminator (completed) or the end of the connection (aborted); returns
    // the tail of what came, with the chunk framing, which is enough to find the last event.
    private static async Task<(string Tail, bool Completed)> ReadResponseEndAsync(NetworkStream network)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        var tail = string.Empty;
        try
        {
            int read;
            while ((read = await network.ReadAsync(buffer, timeout.Token)) > 0)
            {
                tail = string.Concat(tail.AsSpan(Math.Max(0, tail.Length - 4096)), Encoding.UTF8.GetString(buffer, 0, read));
                if (tail.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal))
                {
                    return (tail, true);
                }
            }
        }
        catch (IOException)
        {
            // A reset ends it as well.
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException("The gateway neither completed nor aborted the slow consumer's response within 30 s.");
        }

        return (tail, false);
    }
}
