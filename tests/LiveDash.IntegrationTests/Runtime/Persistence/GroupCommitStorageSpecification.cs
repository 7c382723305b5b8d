using LiveDash.Runtime;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>
/// What every group-committing provider (SQLite, PostgreSQL) shows beyond the storage specification:
/// one stale request fails alone in its group, a write cancelled while queued is never written, a
/// full queue makes writers wait, and disposal fails what is still queued.
/// </summary>
public abstract class GroupCommitStorageSpecification : GrainStorageSpecification
{
    /// <summary>
    /// A new provider over this test's database. With <paramref name="startWriter"/> false, writes queue
    /// up until <see cref="StartWriter"/>, so a test can put many requests in one group commit.
    /// </summary>
    protected abstract IGrainStorage OpenProvider(bool startWriter = true, int? maxPendingWrites = null);

    /// <summary>Starts the writer of a provider opened with <c>startWriter: false</c>.</summary>
    protected abstract void StartWriter(IGrainStorage storage);

    /// <summary>Group commits the provider made so far.</summary>
    protected abstract long CommitCount(IGrainStorage storage);

    [Fact]
    public async Task WriteState_StaleEtagInOneGroupCommit_FailsAloneWhileOthersSucceed()
    {
        var contested = Grain("contested");
        var stale = Sample("first", 1);
        await WriteAsync(contested, stale);
        var current = await ReadAsync(contested);
        current.State.Name = "second";
        await WriteAsync(contested, current);
        await DisposeAsync(Storage);

        // The writer starts only after every request is queued, so all of them share one commit.
        var storage = OpenProvider(startWriter: false);
        try
        {
            var fresh = Enumerable.Range(0, 10).Select(i => Sample("fresh-" + i, i)).ToArray();
            var writes = new List<Task>();
            for (var i = 0; i < fresh.Length; i++)
            {
                if (i == fresh.Length / 2)
                {
                    stale.State.Name = "stale";
                    writes.Add(storage.WriteStateAsync(StateName, contested, stale, CancellationToken.None));
                }

                writes.Add(storage.WriteStateAsync(StateName, Grain("fresh-" + i), fresh[i], CancellationToken.None));
            }

            var staleWrite = writes[fresh.Length / 2];
            Assert.All(writes, write => Assert.False(write.IsCompleted, "no write may complete before the writer starts"));
            StartWriter(storage);

            var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite.WithTimeout("the stale write to be rejected"));
            await Task.WhenAll(writes.Where(write => write != staleWrite)).WithTimeout("the fresh writes sharing the stale write's commit to succeed");

            Assert.Equal(1, CommitCount(storage));
            Assert.Equal(current.ETag, ex.StoredEtag);
            Assert.Equal(stale.ETag, ex.CurrentEtag);
            Assert.Equal("second", (await ReadAsync(storage, contested)).State.Name);
            for (var i = 0; i < fresh.Length; i++)
            {
                var read = await ReadAsync(storage, Grain("fresh-" + i));
                Assert.True(read.RecordExists);
                AssertSameContent(fresh[i].State, read.State);
            }
        }
        finally
        {
            await DisposeAsync(storage);
        }
    }

    [Fact]
    public async Task WriteState_CancelledWhileQueued_IsNotWritten()
    {
        await DisposeAsync(Storage);
        var storage = OpenProvider(startWriter: false);
        try
        {
            using var cancellation = new CancellationTokenSource();
            var cancelled = Sample("cancelled", 1);

            var cancelledWrite = storage.WriteStateAsync(StateName, Grain("cancelled"), cancelled, cancellation.Token);
            await cancellation.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledWrite.WithTimeout("the queued write to be cancelled"));

            // The queue is first in, first out: once a later write is committed, the writer has passed the cancelled one.
            StartWriter(storage);
            await storage.WriteStateAsync(StateName, Grain("later"), Sample("later", 2), CancellationToken.None).WithTimeout("the later write");

            Assert.Null(cancelled.ETag);
            Assert.False((await ReadAsync(storage, Grain("cancelled"))).RecordExists);
            Assert.True((await ReadAsync(storage, Grain("later"))).RecordExists);
        }
        finally
        {
            await DisposeAsync(storage);
        }
    }

    [Fact]
    public async Task WriteState_QueueFull_WriterWaitsForRoomThenSucceeds()
    {
        await DisposeAsync(Storage);
        var storage = OpenProvider(startWriter: false, maxPendingWrites: 1);
        try
        {
            var queued = storage.WriteStateAsync(StateName, Grain("a"), Sample("a", 1), CancellationToken.None);
            var waiting = storage.WriteStateAsync(StateName, Grain("b"), Sample("b", 2), CancellationToken.None);
            Assert.False(queued.IsCompleted, "the first write waits for the writer");
            Assert.False(waiting.IsCompleted, "the second write waits for room in the queue");
            StartWriter(storage);

            await Task.WhenAll(queued, waiting).WithTimeout("both writes to complete once the writer drains the queue");
            Assert.True((await ReadAsync(storage, Grain("b"))).RecordExists);
        }
        finally
        {
            await DisposeAsync(storage);
        }
    }

    [Fact]
    public async Task DisposeAsync_WritesStillQueued_FailWithObjectDisposedAndAreNotWritten()
    {
        await DisposeAsync(Storage);
        var storage = OpenProvider(startWriter: false);
        var writes = Enumerable.Range(0, 3)
            .Select(i => storage.WriteStateAsync(StateName, Grain("queued-" + i), Sample("queued", i), CancellationToken.None))
            .ToArray();

        await DisposeAsync(storage).WithTimeout("the provider to dispose");

        foreach (var write in writes)
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => write.WithTimeout("the queued write to fail"));
        }

        var reopened = OpenProvider();
        try
        {
            Assert.False((await ReadAsync(reopened, Grain("queued-0"))).RecordExists);
        }
        finally
        {
            await DisposeAsync(reopened);
        }
    }

    [Fact]
    public async Task WriteState_AfterDispose_ThrowsObjectDisposed()
    {
        await DisposeAsync(Storage);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => WriteAsync(Grain("late"), Sample("late", 1)));
    }

    private static async Task DisposeAsync(IGrainStorage storage) => await ((IAsyncDisposable)storage).DisposeAsync();
}
