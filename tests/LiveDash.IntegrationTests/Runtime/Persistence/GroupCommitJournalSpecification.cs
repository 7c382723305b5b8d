using LiveDash.Runtime;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>
/// What every group-committing provider (SQLite, PostgreSQL) shows for journals beyond the journal
/// specification: appends of many grains share one commit, a stale one fails alone, one grain's
/// appends queued together apply in order, a cancelled queued append is never stored, and what a
/// completed append stored outlives the provider.
/// </summary>
public abstract class GroupCommitJournalSpecification : JournalStorageSpecification
{
    /// <summary>
    /// A new provider over this test's database. With <paramref name="startWriter"/> false, appends
    /// queue up until <see cref="StartWriter"/>, so a test can put many of them in one group commit.
    /// </summary>
    protected abstract IJournalStorage OpenProvider(bool startWriter = true);

    /// <summary>Starts the writer of a provider opened with <c>startWriter: false</c>.</summary>
    protected abstract void StartWriter(IJournalStorage storage);

    /// <summary>Group commits the provider made so far.</summary>
    protected abstract long CommitCount(IJournalStorage storage);

    /// <summary>The rows (snapshot and entries) the database holds for journal <see cref="JournalStorageSpecification.JournalName"/> of <paramref name="id"/>, read with SQL.</summary>
    protected abstract Task<long> CountStoredRowsAsync(GrainId id);

    [Fact]
    public async Task AppendJournal_WithSnapshot_DeletesCoveredRowsFromTheDatabase()
    {
        var id = Grain("compacted");
        for (var i = 0; i < 4; i++)
        {
            await AppendAsync(id, i, Entry(i));
        }

        Assert.Equal(4, await CountStoredRowsAsync(id));
        await AppendAsync(id, 4, Entry(4), Snapshot("at 5"));
        Assert.Equal(1, await CountStoredRowsAsync(id));
        await AppendAsync(id, 5, Entry(5));

        Assert.Equal(2, await CountStoredRowsAsync(id));
    }

    [Fact]
    public async Task AppendJournal_ManyGrainsQueuedWhileWriterHeld_ShareOneCommitAndStaleFailsAlone()
    {
        var contested = Grain("contested");
        await AppendAsync(contested, 0, Entry(0));
        await AppendAsync(contested, 1, Entry(1));
        await DisposeAsync(Storage);

        // The writer starts only after every append is queued, so all of them share one commit.
        var storage = OpenProvider(startWriter: false);
        try
        {
            var appends = new List<Task<long>>();
            for (var i = 0; i < 10; i++)
            {
                appends.Add(storage.AppendJournalAsync(JournalName, Grain("fresh-" + i), 0, Entry(i), i % 3 == 0 ? Snapshot("s" + i) : null, CancellationToken.None));
            }

            var stale = storage.AppendJournalAsync(JournalName, contested, 1, Entry(99), null, CancellationToken.None);
            Assert.All(appends, append => Assert.False(append.IsCompleted, "no append may complete before the writer starts"));
            Assert.False(stale.IsCompleted, "the stale append waits for the writer too");
            StartWriter(storage);

            var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => stale.WithTimeout("the stale append to be rejected"));
            var versions = await Task.WhenAll(appends).WithTimeout("the fresh appends sharing the stale append's commit");

            Assert.Equal(1, CommitCount(storage));
            Assert.All(versions, version => Assert.Equal(1, version));
            Assert.Equal("2", ex.StoredEtag);
            Assert.Equal("1", ex.CurrentEtag);
            Assert.Equal([Text(0), Text(1)], (await ReadAsync(storage, contested)).Entries.Select(Decode));
            for (var i = 0; i < 10; i++)
            {
                var record = await ReadAsync(storage, Grain("fresh-" + i));
                Assert.Equal(1, record.Version);
                if (i % 3 == 0)
                {
                    Assert.Equal("s" + i, Decode(record.Snapshot!));
                    Assert.Empty(record.Entries);
                }
                else
                {
                    Assert.Equal([Text(i)], record.Entries.Select(Decode));
                }
            }
        }
        finally
        {
            await DisposeAsync(storage);
        }
    }

    [Fact]
    public async Task AppendJournal_OneGrainsAppendsQueuedTogether_ApplyInOrderInOneCommit()
    {
        await DisposeAsync(Storage);
        var storage = OpenProvider(startWriter: false);
        try
        {
            var id = Grain("pipelined");

            // As a grain that does not wait for one append before starting the next: the third carries a snapshot.
            var appends = new[]
            {
                storage.AppendJournalAsync(JournalName, id, 0, Entry(0), null, CancellationToken.None),
                storage.AppendJournalAsync(JournalName, id, 1, Entry(1), null, CancellationToken.None),
                storage.AppendJournalAsync(JournalName, id, 2, Entry(2), Snapshot("at 3"), CancellationToken.None),
                storage.AppendJournalAsync(JournalName, id, 3, Entry(3), null, CancellationToken.None),
            };
            StartWriter(storage);

            var versions = await Task.WhenAll(appends).WithTimeout("the pipelined appends");
            Assert.Equal([1L, 2L, 3L, 4L], versions);
            Assert.Equal(1, CommitCount(storage));
            var record = await ReadAsync(storage, id);
            Assert.Equal(4, record.Version);
            Assert.Equal(3, record.SnapshotVersion);
            Assert.Equal("at 3", Decode(record.Snapshot!));
            Assert.Equal([Text(3)], record.Entries.Select(Decode));
        }
        finally
        {
            await DisposeAsync(storage);
        }
    }

    [Fact]
    public async Task AppendJournal_StateWriteOfSameNameInSameCommit_BothCommit()
    {
        await DisposeAsync(Storage);
        var storage = OpenProvider(startWriter: false);
        try
        {
            var id = Grain("both");
            var grainStorage = (IGrainStorage)storage;
            var state = new GrainState<StorageTestState>();
            state.State.Name = "state";
            var append = storage.AppendJournalAsync(JournalName, id, 0, Entry(0), null, CancellationToken.None);
            var write = grainStorage.WriteStateAsync(JournalName, id, state, CancellationToken.None);
            StartWriter(storage);

            await Task.WhenAll(append, write).WithTimeout("the append and the write sharing a commit");

            Assert.Equal(1, CommitCount(storage));
            Assert.Equal([Text(0)], (await ReadAsync(storage, id)).Entries.Select(Decode));
            Assert.Equal("1", state.ETag);
        }
        finally
        {
            await DisposeAsync(storage);
        }
    }

    [Fact]
    public async Task AppendJournal_CancelledWhileQueued_IsNotStored()
    {
        await DisposeAsync(Storage);
        var storage = OpenProvider(startWriter: false);
        try
        {
            using var cancellation = new CancellationTokenSource();
            var cancelled = storage.AppendJournalAsync(JournalName, Grain("cancelled"), 0, Entry(0), Snapshot("s"), cancellation.Token);
            await cancellation.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WithTimeout("the queued append to be cancelled"));

            // The queue is first in, first out: once a later append is committed, the writer has passed the cancelled one.
            StartWriter(storage);
            await storage.AppendJournalAsync(JournalName, Grain("later"), 0, Entry(1), null, CancellationToken.None).WithTimeout("the later append");

            Assert.Equal(0, (await ReadAsync(storage, Grain("cancelled"))).Version);
            Assert.Equal(1, (await ReadAsync(storage, Grain("later"))).Version);
        }
        finally
        {
            await DisposeAsync(storage);
        }
    }

    [Fact]
    public async Task ReadJournal_NewProviderOnSameStore_ReadsWhatFirstAppended()
    {
        var id = Grain("kept");
        await AppendAsync(id, 0, Entry(0));
        await AppendAsync(id, 1, Entry(1), Snapshot("at 2"));
        await AppendAsync(id, 2, Entry(2));
        await DisposeAsync(Storage);

        var reopened = OpenProvider();
        try
        {
            var record = await ReadAsync(reopened, id);
            Assert.Equal(3, record.Version);
            Assert.Equal(2, record.SnapshotVersion);
            Assert.Equal("at 2", Decode(record.Snapshot!));
            Assert.Equal([Text(2)], record.Entries.Select(Decode));

            // The version read after the restart is the current one.
            Assert.Equal(4, await reopened.AppendJournalAsync(JournalName, id, 3, Entry(3), null, CancellationToken.None).WithTimeout("the append after restart"));
        }
        finally
        {
            await DisposeAsync(reopened);
        }
    }

    [Fact]
    public async Task AppendJournal_AfterDispose_ThrowsObjectDisposed()
    {
        await DisposeAsync(Storage);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => AppendAsync(Grain("late"), 0, Entry(0)));
    }
}
