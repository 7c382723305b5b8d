using LiveDash.Runtime;
using LiveDash.Runtime.Sqlite;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>
/// The storage specification run against <see cref="SqliteGrainStorage"/> on a throwaway database
/// file, plus what only a durable, group-committing provider has to show.
/// </summary>
public sealed class SqliteGrainStorageTests : GrainStorageSpecification
{
    // Not a TemporaryDirectory field: xunit ends this class through IAsyncLifetime, which CA1001 does not see.
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("livedash-tests-");

    private string DatabasePath => Path.Combine(_directory.FullName, "grains.db");

    public override async Task DisposeAsync()
    {
        // The provider is disposed first: it closes the database, so the files can go.
        await base.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    protected override IGrainStorage CreateStorage() => Open();

    [Fact]
    public async Task ReadState_NewProviderOnSameFile_ReadsWhatFirstWrote()
    {
        var kept = Sample("kept", 1, 2, 3);
        var cleared = Sample("cleared", 4);
        await WriteAsync(Grain("kept"), kept);
        await WriteAsync(Grain("cleared"), cleared);
        await ClearAsync(Grain("cleared"), cleared);
        await ((IAsyncDisposable)Storage).DisposeAsync();

        await using var reopened = Open();
        var readKept = await ReadAsync(reopened, Grain("kept"));
        var readCleared = await ReadAsync(reopened, Grain("cleared"));

        Assert.True(readKept.RecordExists);
        Assert.Equal(kept.ETag, readKept.ETag);
        AssertSameContent(kept.State, readKept.State);
        Assert.False(readCleared.RecordExists);
        Assert.Equal(cleared.ETag, readCleared.ETag);

        // The etag issued before the restart is still the current one.
        kept.State.Name = "kept after restart";
        await reopened.WriteStateAsync(StateName, Grain("kept"), kept, CancellationToken.None).WithTimeout("the write after restart");
        Assert.Equal("kept after restart", (await ReadAsync(reopened, Grain("kept"))).State.Name);
    }

    [Fact]
    public async Task WriteState_StaleEtagInOneGroupCommit_FailsAloneWhileOthersSucceed()
    {
        var contested = Grain("contested");
        var stale = Sample("first", 1);
        await WriteAsync(contested, stale);
        var current = await ReadAsync(contested);
        current.State.Name = "second";
        await WriteAsync(contested, current);
        await ((IAsyncDisposable)Storage).DisposeAsync();

        // The writer starts only after every request is queued, so all of them share one commit.
        await using var storage = Open(startWriter: false);
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
        storage.StartWriter();

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite.WithTimeout("the stale write to be rejected"));
        await Task.WhenAll(writes.Where(write => write != staleWrite)).WithTimeout("the fresh writes sharing the stale write's commit to succeed");

        Assert.Equal(1, storage.CommitCount);
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

    [Fact]
    public async Task WriteState_CancelledWhileQueued_IsNotWritten()
    {
        await ((IAsyncDisposable)Storage).DisposeAsync();
        await using var storage = Open(startWriter: false);
        using var cancellation = new CancellationTokenSource();
        var cancelled = Sample("cancelled", 1);

        var cancelledWrite = storage.WriteStateAsync(StateName, Grain("cancelled"), cancelled, cancellation.Token);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledWrite.WithTimeout("the queued write to be cancelled"));

        // The queue is first in, first out: once a later write is committed, the writer has passed the cancelled one.
        storage.StartWriter();
        await storage.WriteStateAsync(StateName, Grain("later"), Sample("later", 2), CancellationToken.None).WithTimeout("the later write");

        Assert.Null(cancelled.ETag);
        Assert.False((await ReadAsync(storage, Grain("cancelled"))).RecordExists);
        Assert.True((await ReadAsync(storage, Grain("later"))).RecordExists);
    }

    [Fact]
    public async Task WriteState_QueueFull_WriterWaitsForRoomThenSucceeds()
    {
        await ((IAsyncDisposable)Storage).DisposeAsync();
        await using var storage = Open(startWriter: false, configure: options => options.MaxPendingWrites = 1);

        var queued = storage.WriteStateAsync(StateName, Grain("a"), Sample("a", 1), CancellationToken.None);
        var waiting = storage.WriteStateAsync(StateName, Grain("b"), Sample("b", 2), CancellationToken.None);
        Assert.False(queued.IsCompleted, "the first write waits for the writer");
        Assert.False(waiting.IsCompleted, "the second write waits for room in the queue");
        storage.StartWriter();

        await Task.WhenAll(queued, waiting).WithTimeout("both writes to complete once the writer drains the queue");
        Assert.True((await ReadAsync(storage, Grain("b"))).RecordExists);
    }

    [Fact]
    public async Task DisposeAsync_WritesStillQueued_FailWithObjectDisposedAndAreNotWritten()
    {
        await ((IAsyncDisposable)Storage).DisposeAsync();
        var storage = Open(startWriter: false);
        var writes = Enumerable.Range(0, 3)
            .Select(i => storage.WriteStateAsync(StateName, Grain("queued-" + i), Sample("queued", i), CancellationToken.None))
            .ToArray();

        await storage.DisposeAsync().AsTask().WithTimeout("the provider to dispose");

        foreach (var write in writes)
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => write.WithTimeout("the queued write to fail"));
        }

        await using var reopened = Open();
        Assert.False((await ReadAsync(reopened, Grain("queued-0"))).RecordExists);
    }

    [Fact]
    public async Task WriteState_AfterDispose_ThrowsObjectDisposed()
    {
        await ((IAsyncDisposable)Storage).DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => WriteAsync(Grain("late"), Sample("late", 1)));
    }

    [Fact]
    public async Task Constructor_ParentDirectoryMissing_CreatesItAndTheDatabase()
    {
        var path = Path.Combine(_directory.FullName, "nested", "deeper", "grains.db");

        await using (var storage = Open(configure: options => options.ConnectionString = "Data Source=" + path))
        {
            await storage.WriteStateAsync(StateName, Grain("cpu"), Sample("cpu", 1), CancellationToken.None).WithTimeout("the write to the new database");
        }

        Assert.True(File.Exists(path), $"expected the database file at {path}");
    }

    private SqliteGrainStorage Open(bool startWriter = true, Action<SqliteGrainStorageOptions>? configure = null)
    {
        var options = new SqliteGrainStorageOptions { ConnectionString = "Data Source=" + DatabasePath };
        configure?.Invoke(options);
        return new SqliteGrainStorage(GrainStorageNames.Default, options, CreateSerializer(), logger: null, timeProvider: null, startWriter);
    }
}
