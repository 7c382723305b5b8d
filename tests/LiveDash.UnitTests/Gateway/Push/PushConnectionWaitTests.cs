using LiveDash.UnitTests.Gateway.Ingest;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Push;

/// <summary>
/// The writer loop's wait for the next event reuses one completion per connection: waiting, being woken by
/// an offered event and reading the result allocate nothing (a task, a completion source and a cancellable
/// WaitAsync promise per event before; the fanout benchmark measured ~400 bytes per delivery).
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class PushConnectionWaitTests
{
    [Fact]
    public async Task WaitToReadAsync_WokenByAnOffer_AllocatesNothing()
    {
        await using var test = new PushTestHub();
        var board = test.AddBoard("b");
        var connection = await test.ConnectAsync("sse", board);
        using var aborted = new CancellationTokenSource();
        Drain(connection);

        long allocated = 0;
        for (var score = 1; score <= 60; score++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var wait = connection.WaitToReadAsync(aborted.Token);
            var pending = !wait.IsCompleted;
            var measured = GC.GetAllocatedBytesForCurrentThread() - before;

            // Publishing allocates (a new event is serialised): not measured.
            await test.SetScoreAsync(board, score);

            before = GC.GetAllocatedBytesForCurrentThread();
            var readable = wait.IsCompleted && await wait;
            Drain(connection);
            measured += GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(pending, "nothing was queued, so the wait must be pending");
            Assert.True(readable, "the offered event must complete the wait with true");
            if (score > 10)
            {
                // After a warm-up (first registrations, tiered compilation).
                allocated += measured;
            }
        }

        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task WaitToReadAsync_TokenCancelled_Throws_ThenWaitsAgain()
    {
        await using var test = new PushTestHub();
        var board = test.AddBoard("b");
        var connection = await test.ConnectAsync("sse", board);
        Drain(connection);

        using (var aborted = new CancellationTokenSource())
        {
            var wait = connection.WaitToReadAsync(aborted.Token);
            await aborted.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await wait);
        }

        var next = connection.WaitToReadAsync(CancellationToken.None);
        connection.Wake();
        Assert.True(await next.AsTask().WaitAsync(TimeSpan.FromSeconds(10)), "Wake ends a pending wait with true");

        var last = connection.WaitToReadAsync(CancellationToken.None);
        await connection.DisposeAsync();
        Assert.False(await last.AsTask().WaitAsync(TimeSpan.FromSeconds(10)), "a disposed connection ends the wait with false");
    }

    private static void Drain(LiveDash.Gateway.Push.PushConnection connection)
    {
        while (connection.TryRead(out _))
        {
        }
    }
}
