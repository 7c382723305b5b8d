using System.Net.WebSockets;
using LiveDash.Gateway.Auth;
using LiveDash.Gateway.Push;
using LiveDash.Gateway.Transports.WebSockets;
using LiveDash.Grains;
using LiveDash.Runtime;
using LiveDash.UnitTests.Gateway.Ingest;
using LiveDash.UnitTests.Gateway.Push;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiveDash.UnitTests.Gateway.WebSockets;

/// <summary>
/// The WebSocket send loop's per-event path, measured alone like SSE's (STYLE.md 9): its wait for the next
/// turn and the turn that writes the event allocate nothing. A <c>Task.WhenAny</c> over the event, reply and
/// receive tasks per event cost 157–292 bytes per delivery in the fanout benchmark.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class WebSocketSendAllocationTests
{
    [Fact]
    public async Task SendTurn_WokenByAnEvent_AllocatesNothingPerDelivery()
    {
        await using var test = new PushTestHub();
        var board = test.AddBoard("b");
        var connection = await test.ConnectAsync(WebSocketEndpoints.TransportName, board);
        var sink = new SinkStream();
        using var socket = WebSocket.CreateFromStream(sink, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        using var session = CreateSession(test, socket, connection);
        Assert.False(await session.SendTurnAsync(), "the snapshot alone fits in one turn");

        long allocated = 0;
        for (var score = 1; score <= 60; score++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var wait = session.WaitForWorkAsync();
            var pending = !wait.IsCompleted;
            var measured = GC.GetAllocatedBytesForCurrentThread() - before;

            // Publishing allocates (the event is serialised once for every connection): not measured.
            await test.SetScoreAsync(board, score);

            before = GC.GetAllocatedBytesForCurrentThread();
            var woken = wait.IsCompleted && await wait;
            var turn = session.SendTurnAsync();
            var wroteSynchronously = turn.IsCompletedSuccessfully;
            var more = wroteSynchronously && await turn;
            measured += GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(pending, "nothing was queued, so the wait must be pending");
            Assert.True(woken, "the offered event must end the wait with true");
            Assert.True(wroteSynchronously, "the sink completes writes at once, so the turn must too");
            Assert.False(more, "one event was queued and the turn must have written it");
            if (score > 10)
            {
                // After a warm-up (first registrations, tiered compilation).
                allocated += measured;
            }
        }

        Assert.Equal(61, sink.Frames);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task WaitForWork_WokenBeforeTheWait_ReturnsAtOnce()
    {
        await using var test = new PushTestHub();
        var board = test.AddBoard("b");
        var connection = await test.ConnectAsync(WebSocketEndpoints.TransportName, board);
        using var socket = WebSocket.CreateFromStream(new SinkStream(), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        using var session = CreateSession(test, socket, connection);
        Assert.False(await session.SendTurnAsync(), "the snapshot alone fits in one turn");

        // A reply queued between the send loop's last look and its wait wakes it then: the wait must not miss it.
        connection.Wake();
        var wait = session.WaitForWorkAsync();

        Assert.True(wait.IsCompletedSuccessfully, "a wake with no wait pending must end the next wait at once");
        Assert.True(await wait, "a wake ends the wait with true");
        var next = session.WaitForWorkAsync();
        Assert.False(next.IsCompleted, "the wake is used up by the wait it ended");
        connection.Wake();
        Assert.True(await next.AsTask().WaitAsync(TimeSpan.FromSeconds(10)), "a wake ends a pending wait with true");
    }

    private static WebSocketSession CreateSession(PushTestHub test, WebSocket socket, PushConnection connection) => new(
        socket,
        connection,
        new AccessGrant(AccessScope.View, "test", null),
        new WebSocketRequestHandler(new NoCluster(), Options.Create(new ScoreboardGrainOptions()), NullLogger<WebSocketRequestHandler>.Instance),
        new WebSocketTransportOptions(),
        test.Metrics,
        test.Time,
        NullLogger.Instance);

    /// <summary>A socket's byte stream whose writes complete at once; counts the frames (one write each).</summary>
    private sealed class SinkStream : Stream
    {
        public int Frames { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Frames++;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Frames++;
            return Task.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Write(byte[] buffer, int offset, int count) => Frames++;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The session's receive loop does not run here.");

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private sealed class NoCluster : IClusterClient
    {
        public TGrainInterface GetGrain<TGrainInterface>(string key)
            where TGrainInterface : IGrainWithStringKey
            => throw new InvalidOperationException("No command is sent in these tests.");
    }
}
