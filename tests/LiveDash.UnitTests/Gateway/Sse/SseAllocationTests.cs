using System.Buffers;
using System.Text;
using LiveDash.Gateway.Transports.Sse;
using LiveDash.Grains;
using LiveDash.UnitTests.Gateway.Ingest;
using LiveDash.UnitTests.Gateway.Push;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Sse;

/// <summary>The per-event write path allocates nothing (STYLE.md 9); measured alone, like the ingest parser's.</summary>
[Collection(AllocationCollection.Name)]
public sealed class SseAllocationTests
{
    [Fact]
    public async Task WriteEvent_TwoTopicConnection_AllocatesNothing_IdIsTheCursor()
    {
        await using var test = new PushTestHub();
        Topic[] boards = [test.AddBoard("left"), test.AddBoard("right")];
        var connection = await test.ConnectAsync("sse", boards);
        for (var score = 1; score <= 200; score++)
        {
            await test.SetScoreAsync(boards[score % 2], score);
        }

        var output = new ArrayBufferWriter<byte>(1024 * 1024);
        for (var i = 0; i < 52; i++)
        {
            // Warm-up: both snapshots and 50 updates, so every path is compiled.
            Assert.True(connection.TryRead(out var pushEvent));
            SseFrames.WriteEvent(output, pushEvent, connection);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            connection.TryRead(out var pushEvent);
            SseFrames.WriteEvent(output, pushEvent!, connection);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        var written = Encoding.ASCII.GetString(output.WrittenSpan);
        Assert.EndsWith("id: " + connection.Cursor + "\n\n", written, StringComparison.Ordinal);
        Assert.Equal(2, connection.Cursor.Split(',').Length);
    }
}
