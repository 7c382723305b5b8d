using LiveDash.Gateway.Push;
using LiveDash.Gateway.Transports.Sse;
using LiveDash.Grains;
using LiveDash.UnitTests.Gateway.Push;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Sse;

/// <summary>The SSE write loop over a pipe it cannot tell from a socket, with a manual clock.</summary>
public sealed class SseStreamWriterTests
{
    private static readonly SseOptions s_options = new() { PingInterval = TimeSpan.FromSeconds(15), DisconnectFlushTimeout = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task Run_Quiet_PingEachInterval_ThenDisconnectAndComplete()
    {
        await using var test = new PushTestHub();
        var connection = await test.ConnectAsync("sse", test.AddBoard("quiet"));
        using var http = new SseTestContext();
        var run = Writer(test, http, connection).RunAsync();

        var start = await http.ReadUntilAsync("event: snapshot");
        Assert.StartsWith("retry: 1000\n\nevent: snapshot\ndata: {", start, StringComparison.Ordinal);
        for (var i = 0; i < 2; i++)
        {
            test.Time.Advance(s_options.PingInterval);
            Assert.Equal(": ping\n\n", await http.ReadUntilAsync(": ping\n\n"));
        }

        connection.Close(DisconnectCode.Shutdown);
        var end = await http.ReadUntilAsync("never: the pipe completes");
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("event: disconnect\ndata: {\"code\":4000,\"reason\":\"shutdown\",\"reconnect\":true}\n\n", end);
        Assert.False(http.Aborted.IsCompleted);
    }

    [Fact]
    public async Task Run_ClientLeavesWhileTheWriterWaits_RunEndsWithoutAnotherWrite()
    {
        await using var test = new PushTestHub();
        var connection = await test.ConnectAsync("sse", test.AddBoard("leaving"));
        using var http = new SseTestContext();
        var run = Writer(test, http, connection).RunAsync();
        await http.ReadUntilAsync("event: snapshot");

        // The writer now waits for the next event; the client leaving must end that wait (one registration
        // per stream wakes it), not only the next event or ping.
        http.Context.Abort();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(connection.ClosedBy);
        Assert.Equal(1, test.Metrics.Snapshot().EventsWritten);
    }

    [Fact]
    public async Task Run_BurstOfUpdates_DrainedAndWrittenInOrder_EachWithItsCursor()
    {
        await using var test = new PushTestHub();
        var board = test.AddBoard("burst");
        var connection = await test.ConnectAsync("sse", board);
        for (var score = 1; score <= 50; score++)
        {
            await test.SetScoreAsync(board, score);
        }

        using var http = new SseTestContext();
        var run = Writer(test, http, connection).RunAsync();
        var body = await http.ReadUntilAsync($"id: {PushCursor.Segment(board, new(PushTestHub.Epoch, 50))}\n\n");

        var ids = body.Split('\n').Where(l => l.StartsWith("id: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(0, 51).Select(s => "id: " + PushCursor.Segment(board, new(PushTestHub.Epoch, s))), ids);
        Assert.Equal(51, test.Metrics.Snapshot().EventsWritten);
        connection.Close(DisconnectCode.Shutdown);
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Run_ClosedWhileTheSocketIsFull_AbortedWhenTheDisconnectTimeoutRunsOut()
    {
        await using var test = new PushTestHub();
        var connection = await test.ConnectAsync("sse", test.AddBoard("full"));

        // The snapshot alone is over the pause threshold, and the test never reads: the writer's flush waits.
        using var http = new SseTestContext(pauseWriterThreshold: 64);
        var run = Writer(test, http, connection).RunAsync();
        await http.FlushBlocked.WaitAsync(TimeSpan.FromSeconds(10));

        // The close's callbacks run on the thread pool: wait until the writer armed its deadline on the manual clock.
        var timers = test.Time.ActiveTimerCount;
        connection.Close(DisconnectCode.SlowConsumer);
        await WaitUntilAsync(() => test.Time.ActiveTimerCount > timers, () => $"the writer's end deadline to be armed ({timers} timers before, {test.Time.ActiveTimerCount} now)");
        test.Time.Advance(s_options.DisconnectFlushTimeout - TimeSpan.FromTicks(1));
        Assert.False(http.Aborted.IsCompleted, "Aborted before the disconnect timeout ran out.");
        test.Time.Advance(TimeSpan.FromTicks(1));

        await http.Aborted.WaitAsync(TimeSpan.FromSeconds(10));
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Run_ClosedWhileBehind_ClientCatchesUpInTime_GetsTheDisconnectEvent()
    {
        await using var test = new PushTestHub();
        var connection = await test.ConnectAsync("sse", test.AddBoard("behind"));
        using var http = new SseTestContext(pauseWriterThreshold: 64);
        var run = Writer(test, http, connection).RunAsync();
        await http.FlushBlocked.WaitAsync(TimeSpan.FromSeconds(10));

        connection.Close(DisconnectCode.SlowConsumer);
        var rest = await http.ReadUntilAsync("never: the pipe completes");
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        test.Time.Advance(s_options.DisconnectFlushTimeout);

        Assert.EndsWith("event: disconnect\ndata: {\"code\":4002,\"reason\":\"slow_consumer\",\"reconnect\":true}\n\n", rest, StringComparison.Ordinal);
        Assert.False(http.Aborted.IsCompleted);
        Assert.Equal(0, test.Time.ActiveTimerCount);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> expectation)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after 10 s waiting for {expectation()}.");
            await Task.Yield();
        }
    }

    private static SseStreamWriter Writer(PushTestHub test, SseTestContext http, PushConnection connection)
        => new(http.Context, connection, new SseFrames(TimeSpan.FromSeconds(1)), s_options, test.Time, test.Metrics, NullLogger.Instance);
}
