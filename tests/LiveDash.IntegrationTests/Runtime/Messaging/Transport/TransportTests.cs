using System.Text;
using LiveDash.Runtime;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Messaging.Transport;
using LiveDash.TestingHost;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Messaging.Transport;

/// <summary>The transport over real 127.0.0.1 sockets.</summary>
public sealed class TransportTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ManyConcurrentSenders_EveryRequestAnsweredWithItsOwnBody()
    {
        await using var a = TestNode.Start();
        await using var b = TestNode.Start();
        const int Senders = 32;
        const int PerSender = 300;

        var senders = Enumerable.Range(0, Senders).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                var body = Encoding.UTF8.GetBytes($"{s}:{i}");
                var reply = await a.Handler.RequestAsync(a.Manager, b.Address, body);
                Assert.Equal(MessageKind.Response, reply.Kind);
                Assert.Equal(body, reply.Body.ToArray());
            }
        }));

        await Within(Task.WhenAll(senders), $"{Senders * PerSender} echoed requests");
    }

    [Fact]
    public async Task OneSender_MessagesArriveInSendOrder()
    {
        await using var a = TestNode.Start();
        await using var b = TestNode.Start();
        const int Count = 20_000;

        // Order holds on an open connection; sends that wait for the connect together may be reordered.
        await a.Manager.GetConnectionAsync(b.Address);
        var sends = new List<Task>(Count);
        for (var i = 0; i < Count; i++)
        {
            sends.Add(a.Manager.SendAsync(b.Address, new Message { Kind = MessageKind.OneWay, Id = i }).AsTask());
        }

        await Within(Task.WhenAll(sends), "every send written");
        for (var i = 0; i < Count; i++)
        {
            var received = await Within(b.Handler.OneWays.Reader.ReadAsync().AsTask(), $"one-way message {i}");
            Assert.Equal(i, received.Id);
        }
    }

    [Fact]
    public async Task PostedSends_ArriveInOrder_AndFailuresReachTheCallback()
    {
        await using var a = TestNode.Start();
        var b = TestNode.Start();
        const int Count = 5_000;
        var failures = 0;
        Action<Exception, object?> onFailed = (_, _) => Interlocked.Increment(ref failures);

        await a.Manager.GetConnectionAsync(b.Address);
        for (var i = 0; i < Count; i++)
        {
            a.Manager.Post(b.Address, new Message { Kind = MessageKind.OneWay, Id = i }, onFailed, null);
        }

        for (var i = 0; i < Count; i++)
        {
            var received = await Within(b.Handler.OneWays.Reader.ReadAsync().AsTask(), $"posted message {i}");
            Assert.Equal(i, received.Id);
        }

        Assert.Equal(0, Volatile.Read(ref failures));
        await b.CrashAsync();
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Manager.Post(b.Address, new Message { Kind = MessageKind.OneWay }, (exception, state) => ((TaskCompletionSource<Exception>)state!).TrySetResult(exception), failed);

        Assert.IsType<SiloUnavailableException>(await Within(failed.Task, "the failure of a post to a crashed peer"));
    }

    [Fact]
    public async Task PeerStopsReading_QueueStaysBoundedSendersWaitAndCancel()
    {
        const int Capacity = 8;
        const int Waiters = 64;
        var options = new TransportOptions { SendQueueCapacity = Capacity };
        await using var a = TestNode.Start(options: options);
        await using var b = TestNode.Start(options: options);
        using var gate = new ManualResetEventSlim(false);
        b.Handler.Gate = gate;
        var connection = await a.Manager.GetConnectionAsync(b.Address);

        // 1 MiB frames: the kernel's socket buffers (a few MiB on loopback) fill within a few, so
        // with 64 senders waiting for room most of them are surely still waiting when cancelled.
        var body = new byte[1024 * 1024];
        using var cancel = new CancellationTokenSource();
        var sends = new List<Task>();
        for (var i = 0; connection.SendersWaitingForRoom < Waiters; i++)
        {
            Assert.True(i < 10_000, "senders never had to wait although the peer stopped reading");
            sends.Add(connection.SendAsync(new Message { Kind = MessageKind.OneWay, Id = i, Body = body }, cancel.Token).AsTask());
            Assert.True(connection.QueuedCount <= Capacity, $"{connection.QueuedCount} messages queued, more than the capacity {Capacity}");
        }

        await cancel.CancelAsync();
        gate.Set();

        var written = new List<long>();
        var cancelled = 0;
        for (var i = 0; i < sends.Count; i++)
        {
            try
            {
                await Within(sends[i], $"send {i} written or cancelled");
                written.Add(i);
            }
            catch (OperationCanceledException)
            {
                cancelled++;
            }
        }

        Assert.True(cancelled >= Waiters / 2, $"only {cancelled} of {Waiters} waiting senders were cancelled");

        // Exactly the written messages arrive, in order; a sentinel marks the end.
        await connection.SendAsync(new Message { Kind = MessageKind.OneWay, Id = -1 });
        var received = new List<long>();
        while (await Within(b.Handler.OneWays.Reader.ReadAsync().AsTask(), "the next message") is { Id: not -1 } message)
        {
            received.Add(message.Id);
        }

        Assert.Equal(written, received);
    }

    [Fact]
    public async Task WrongClusterId_RefusedWithTheReason()
    {
        await using var a = TestNode.Start(clusterId: "x");
        await using var b = TestNode.Start(clusterId: "y");

        var exception = await Assert.ThrowsAsync<SiloUnavailableException>(
            () => Within(a.Manager.SendAsync(b.Address, new Message { Kind = MessageKind.OneWay }).AsTask(), "a refusal"));

        Assert.Contains("cluster id 'x' != 'y'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(b.Address.ToString(), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OldGeneration_RefusedByTheNewIncarnation()
    {
        await using var a = TestNode.Start();
        await using var b = TestNode.Start();
        var previousIncarnation = new SiloAddress(b.Address.Host, b.Address.Port, b.Address.Generation - 1);

        var exception = await Assert.ThrowsAsync<SiloUnavailableException>(
            () => Within(a.Manager.SendAsync(previousIncarnation, new Message { Kind = MessageKind.OneWay }).AsTask(), "a refusal"));

        Assert.Contains($"this is silo {b.Address}, not {previousIncarnation}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizeFrames_OutgoingFailsThatSendIncomingClosesWithLoggedReason()
    {
        var logger = new RecordingLogger();
        await using var a = TestNode.Start();
        await using var b = TestNode.Start(options: new TransportOptions { MaxFrameSize = 1024 }, logger: logger);

        var tooBigForA = new Message { Kind = MessageKind.OneWay, Body = new byte[17 * 1024 * 1024] };
        await Assert.ThrowsAsync<FrameTooLargeException>(() => a.Manager.SendAsync(b.Address, tooBigForA).AsTask());

        // A accepts 2 KiB; B's limit is 1 KiB, so B closes the connection on reading the length.
        await a.Manager.SendAsync(b.Address, new Message { Kind = MessageKind.OneWay, Body = new byte[2048] });
        var (closed, reason) = await Within(b.Handler.Closed.Reader.ReadAsync().AsTask(), "B closing the connection");
        Assert.Equal(a.Address, closed.Remote);
        Assert.IsType<FrameTooLargeException>(reason);
        var logged = await Within(ReadUntilAsync(logger, 1203), "the bad-frame log entry");
        Assert.Contains("2086 bytes exceeds LiveDash:Runtime:Transport:MaxFrameSize = 1024", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeerCrash_InFlightAndQueuedSendsFailThenNextSendReconnects()
    {
        var time = new ManualTimeProvider();
        var options = new TransportOptions { SendQueueCapacity = 4 };
        await using var a = TestNode.Start(options: options, time: time);
        var b = TestNode.Start(options: options);
        using var gate = new ManualResetEventSlim(false);
        b.Handler.Gate = gate;

        // One request reaches B and waits in its stalled handler (in flight); 1 MiB frames then fill
        // the socket buffers and A's queue (queued), and more senders wait for room.
        var inFlight = a.Handler.RequestAsync(a.Manager, b.Address, "first"u8.ToArray());
        await Within(b.Handler.Stalled.Task, "B holding the first request");
        var connection = await a.Manager.GetConnectionAsync(b.Address);
        var body = new byte[1024 * 1024];
        var sends = new List<Task>();
        for (var i = 0; connection.SendersWaitingForRoom < 64; i++)
        {
            Assert.True(i < 10_000, "senders never had to wait although the peer stopped reading");
            sends.Add(connection.SendAsync(new Message { Kind = MessageKind.OneWay, Body = body }).AsTask());
        }

        await b.CrashAsync();
        gate.Set();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => Within(inFlight, "the in-flight request failing"));
        var failures = 0;
        foreach (var send in sends)
        {
            // Frames the kernel took before the crash count as sent; the rest must fail, none may hang.
            try
            {
                await Within(send, "a queued send ending");
            }
            catch (SiloUnavailableException)
            {
                failures++;
            }
        }

        Assert.True(failures >= 32, $"only {failures} of {sends.Count} queued and waiting sends failed");
        await Assert.ThrowsAsync<SiloUnavailableException>(() => sends[^1]);

        // Nobody listens now: the connect fails, and sends fail fast through the backoff.
        var refused = await Assert.ThrowsAsync<SiloUnavailableException>(
            () => Within(a.Manager.SendAsync(b.Address, new Message { Kind = MessageKind.OneWay }).AsTask(), "a failed connect"));
        var fast = await Assert.ThrowsAsync<SiloUnavailableException>(
            () => a.Manager.SendAsync(b.Address, new Message { Kind = MessageKind.OneWay }).AsTask());
        Assert.Contains("ReconnectBackoff", fast.Message, StringComparison.Ordinal);

        await using var restarted = TestNode.Start(port: b.Address.Port, generation: b.Address.Generation);
        time.Advance(options.ReconnectBackoff);
        var reply = await Within(a.Handler.RequestAsync(a.Manager, b.Address, "again"u8.ToArray()), "a request after the peer is back");
        Assert.Equal("again"u8.ToArray(), reply.Body.ToArray());
    }

    [Fact]
    public async Task Block_DropsTrafficBothWaysUntilUnblocked()
    {
        var options = new TransportOptions { ReconnectBackoff = TimeSpan.Zero };
        await using var a = TestNode.Start(options: options);
        await using var b = TestNode.Start(options: options);
        await Within(a.Handler.RequestAsync(a.Manager, b.Address, "1"u8.ToArray()), "A -> B before the partition");
        await Within(b.Handler.RequestAsync(b.Manager, a.Address, "1"u8.ToArray()), "B -> A before the partition");

        a.Manager.Block(b.Address);

        var (closed, _) = await Within(b.Handler.Closed.Reader.ReadAsync().AsTask(), "B seeing a connection with A drop");
        Assert.Equal(a.Address, closed.Remote);
        var outbound = await Assert.ThrowsAsync<SiloUnavailableException>(() => a.Handler.RequestAsync(a.Manager, b.Address, "2"u8.ToArray()));
        Assert.Contains("blocked", outbound.Message, StringComparison.Ordinal);
        var inbound = await Assert.ThrowsAsync<SiloUnavailableException>(
            () => Within(b.Handler.RequestAsync(b.Manager, a.Address, "2"u8.ToArray()), "B's send to A refused"));
        Assert.Contains($"silo {b.Address} is blocked", inbound.Message, StringComparison.Ordinal);

        a.Manager.Unblock(b.Address);

        await Within(a.Handler.RequestAsync(a.Manager, b.Address, "3"u8.ToArray()), "A -> B after the partition");
        await Within(b.Handler.RequestAsync(b.Manager, a.Address, "3"u8.ToArray()), "B -> A after the partition");
    }

    [Fact]
    public async Task ConcurrentFirstSends_ShareOneConnection()
    {
        await using var a = TestNode.Start();
        await using var b = TestNode.Start();

        var connections = await Within(
            Task.WhenAll(Enumerable.Range(0, 64).Select(_ => a.Manager.GetConnectionAsync(b.Address).AsTask())),
            "64 concurrent connects");

        Assert.Single(connections.Distinct());
    }

    private static async Task<string> ReadUntilAsync(RecordingLogger logger, int eventId)
    {
        while (true)
        {
            var entry = await logger.Entries.Reader.ReadAsync();
            if (entry.Id.Id == eventId)
            {
                return entry.Message;
            }
        }
    }

    private static async Task Within(Task task, string expected)
    {
        try
        {
            await task.WaitAsync(s_timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Expected {expected} within {s_timeout}.");
        }
    }

    private static async Task<T> Within<T>(Task<T> task, string expected)
    {
        await Within((Task)task, expected);
        return await task;
    }
}
