using System.Text;
using LiveDash.Runtime;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>
/// The <see cref="IJournalStorage"/> contract. Every provider (memory, SQLite, PostgreSQL) derives a
/// test class from this one and supplies the provider; a fresh provider serves each test.
/// </summary>
public abstract class JournalStorageSpecification : IAsyncLifetime
{
    protected const string JournalName = "journal";

    private IJournalStorage? _storage;

    /// <summary>The provider under test.</summary>
    protected IJournalStorage Storage => _storage ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>Creates the provider under test, empty. Called once per test.</summary>
    protected abstract IJournalStorage CreateStorage();

    public virtual Task InitializeAsync()
    {
        _storage = CreateStorage();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await DisposeAsync(_storage);

    [Fact]
    public async Task ReadJournal_NeverAppended_IsEmptyAtVersionZero()
    {
        var record = await ReadAsync(Grain("missing"));

        Assert.Equal(0, record.Version);
        Assert.Equal(0, record.SnapshotVersion);
        Assert.Null(record.Snapshot);
        Assert.Empty(record.Entries);
    }

    [Fact]
    public async Task AppendJournal_SuccessiveAppends_ReturnIncrementedVersionsAndReadBackInOrder()
    {
        var id = Grain("cpu");
        var versions = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            versions.Add(await AppendAsync(id, expectedVersion: i, Entry(i)));
        }

        var record = await ReadAsync(id);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], versions);
        Assert.Equal(5, record.Version);
        Assert.Equal(0, record.SnapshotVersion);
        Assert.Null(record.Snapshot);
        Assert.Equal(Enumerable.Range(0, 5).Select(Text), record.Entries.Select(Decode));
    }

    [Fact]
    public async Task AppendJournal_StaleExpectedVersion_ThrowsAndStoresNothing()
    {
        var id = Grain("cpu");
        await AppendAsync(id, 0, Entry(0));
        await AppendAsync(id, 1, Entry(1));

        // A stale owner that read version 1 appends, with and without a snapshot, and one that read nothing.
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => AppendAsync(id, 1, Entry(99)));
        await Assert.ThrowsAsync<InconsistentStateException>(() => AppendAsync(id, 1, Entry(98), Snapshot("stale")));
        await Assert.ThrowsAsync<InconsistentStateException>(() => AppendAsync(id, 0, Entry(97)));
        await Assert.ThrowsAsync<InconsistentStateException>(() => AppendAsync(id, 5, Entry(96)));

        Assert.Equal("2", ex.StoredEtag);
        Assert.Equal("1", ex.CurrentEtag);
        var record = await ReadAsync(id);
        Assert.Equal(2, record.Version);
        Assert.Null(record.Snapshot);
        Assert.Equal([Text(0), Text(1)], record.Entries.Select(Decode));
    }

    [Fact]
    public async Task AppendJournal_ExpectedVersionAheadOfEmptyJournal_ThrowsAndStoresNothing()
    {
        var id = Grain("cpu");

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => AppendAsync(id, 3, Entry(0)));

        Assert.Equal("3", ex.CurrentEtag);
        Assert.Equal(0, (await ReadAsync(id)).Version);
    }

    [Fact]
    public async Task AppendJournal_WithSnapshot_DropsCoveredEntriesAndKeepsLaterOnes()
    {
        var id = Grain("cpu");
        await AppendAsync(id, 0, Entry(0));
        await AppendAsync(id, 1, Entry(1));

        Assert.Equal(3, await AppendAsync(id, 2, Entry(2), Snapshot("at 3")));
        var atSnapshot = await ReadAsync(id);
        await AppendAsync(id, 3, Entry(3));
        await AppendAsync(id, 4, Entry(4));
        var afterSnapshot = await ReadAsync(id);

        Assert.Equal(3, atSnapshot.Version);
        Assert.Equal(3, atSnapshot.SnapshotVersion);
        Assert.Equal("at 3", Decode(atSnapshot.Snapshot!));
        Assert.Empty(atSnapshot.Entries);
        Assert.Equal(5, afterSnapshot.Version);
        Assert.Equal(3, afterSnapshot.SnapshotVersion);
        Assert.Equal("at 3", Decode(afterSnapshot.Snapshot!));
        Assert.Equal([Text(3), Text(4)], afterSnapshot.Entries.Select(Decode));
    }

    [Fact]
    public async Task AppendJournal_FirstAppendWithSnapshot_StoresOnlyTheSnapshot()
    {
        var id = Grain("cpu");

        Assert.Equal(1, await AppendAsync(id, 0, Entry(0), Snapshot("first")));
        var record = await ReadAsync(id);

        Assert.Equal(1, record.Version);
        Assert.Equal(1, record.SnapshotVersion);
        Assert.Equal("first", Decode(record.Snapshot!));
        Assert.Empty(record.Entries);
    }

    [Fact]
    public async Task AppendJournal_LaterSnapshot_ReplacesEarlierSnapshot()
    {
        var id = Grain("cpu");
        await AppendAsync(id, 0, Entry(0), Snapshot("one"));
        await AppendAsync(id, 1, Entry(1));
        await AppendAsync(id, 2, Entry(2), Snapshot("three"));
        await AppendAsync(id, 3, Entry(3));

        var record = await ReadAsync(id);

        Assert.Equal(3, record.SnapshotVersion);
        Assert.Equal("three", Decode(record.Snapshot!));
        Assert.Equal([Text(3)], record.Entries.Select(Decode));
    }

    [Fact]
    public async Task AppendJournal_DifferentGrainsAndNames_AreIndependent()
    {
        var a = new GrainId("metric", "a");
        var b = new GrainId("metric", "b");
        var board = new GrainId("scoreboard", "a");

        // Each first append presents version 0: another journal's entries must not make it stale.
        await AppendAsync(a, 0, Entry(1));
        await AppendAsync(b, 0, Entry(2));
        await AppendAsync(board, 0, Entry(3));
        await Storage.AppendJournalAsync("other", a, 0, Entry(4), null, CancellationToken.None).WithTimeout("the append to another journal of the same grain");
        await AppendAsync(a, 1, Entry(5), Snapshot("a"));

        Assert.Equal([Text(2)], (await ReadAsync(b)).Entries.Select(Decode));
        Assert.Equal([Text(3)], (await ReadAsync(board)).Entries.Select(Decode));
        var other = await Storage.ReadJournalAsync("other", a, CancellationToken.None).WithTimeout("the read of another journal");
        Assert.Equal([Text(4)], other.Entries.Select(Decode));
    }

    [Fact]
    public async Task AppendJournal_SameNameAsPersistentState_SharesNoRecord()
    {
        if (Storage is not IGrainStorage grainStorage)
        {
            throw new InvalidOperationException($"{Storage.GetType().Name} is expected to be a grain storage too.");
        }

        var id = Grain("cpu");
        var state = new GrainState<StorageTestState>();
        state.State.Name = "state";
        await grainStorage.WriteStateAsync(JournalName, id, state, CancellationToken.None).WithTimeout("the state write");

        Assert.Equal(0, (await ReadAsync(id)).Version);
        await AppendAsync(id, 0, Entry(0));
        var read = new GrainState<StorageTestState>();
        await grainStorage.ReadStateAsync(JournalName, id, read, CancellationToken.None).WithTimeout("the state read");
        Assert.Equal("state", read.State.Name);
        Assert.Equal("1", read.ETag);
    }

    [Fact]
    public async Task AppendJournal_ConcurrentAppendsToDifferentGrains_AllSucceedAndReadBack()
    {
        const int GrainCount = 100;

        // Started together so a group-committing provider batches them.
        var appends = Enumerable.Range(0, GrainCount).Select(i => Storage.AppendJournalAsync(JournalName, Grain("g" + i), 0, Entry(i), null, CancellationToken.None));
        Assert.All(await Task.WhenAll(appends).WithTimeout($"{GrainCount} concurrent appends"), version => Assert.Equal(1, version));

        for (var i = 0; i < GrainCount; i++)
        {
            Assert.Equal([Text(i)], (await ReadAsync(Grain("g" + i))).Entries.Select(Decode));
        }
    }

    [Fact]
    public async Task AppendJournal_CancelledToken_ThrowsAndStoresNothing()
    {
        var id = Grain("cpu");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Storage.AppendJournalAsync(JournalName, id, 0, Entry(0), Snapshot("s"), cancelled.Token).WithTimeout("the cancelled append to end"));

        Assert.Equal(0, (await ReadAsync(id)).Version);
    }

    [Fact]
    public async Task ReadJournal_AfterAppend_ReturnsBytesIsolatedFromTheCaller()
    {
        var id = Grain("cpu");
        var entry = Entry(1);
        await AppendAsync(id, 0, entry);
        entry[0] = (byte)'X';

        var first = await ReadAsync(id);
        first.Entries[0][0] = (byte)'Y';
        var second = await ReadAsync(id);

        Assert.Equal(Text(1), Decode(second.Entries[0]));
    }

    protected static RuntimeJsonSerializer CreateSerializer() => new(Options.Create(new SerializationOptions()));

    protected static GrainId Grain(string key) => new("metric", key);

    protected static string Text(int i) => "entry-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected static byte[] Entry(int i) => Encoding.UTF8.GetBytes(Text(i));

    protected static byte[] Snapshot(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    protected Task<JournalRecord> ReadAsync(GrainId id) => ReadAsync(Storage, id);

    protected static Task<JournalRecord> ReadAsync(IJournalStorage storage, GrainId id)
        => storage.ReadJournalAsync(JournalName, id, CancellationToken.None).WithTimeout($"the read of journal {id}");

    protected Task<long> AppendAsync(GrainId id, long expectedVersion, byte[] entry, byte[]? snapshot = null)
        => Storage.AppendJournalAsync(JournalName, id, expectedVersion, entry, snapshot, CancellationToken.None)
            .WithTimeout($"the append to journal {id} at version {expectedVersion}");

    protected static async Task DisposeAsync(object? storage)
    {
        switch (storage)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
