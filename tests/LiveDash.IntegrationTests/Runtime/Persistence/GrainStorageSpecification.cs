using LiveDash.Runtime;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>
/// The <see cref="IGrainStorage"/> contract. Every provider (memory, SQLite, PostgreSQL) derives a
/// test class from this one and supplies the provider; a fresh provider serves each test.
/// </summary>
public abstract class GrainStorageSpecification : IAsyncLifetime
{
    protected const string StateName = "state";

    private IGrainStorage? _storage;

    /// <summary>The provider under test.</summary>
    protected IGrainStorage Storage => _storage ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>Creates the provider under test, empty. Called once per test.</summary>
    protected abstract IGrainStorage CreateStorage();

    public virtual Task InitializeAsync()
    {
        _storage = CreateStorage();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        switch (_storage)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    [Fact]
    public async Task ReadState_RecordMissing_ReturnsNewStateWithoutEtag()
    {
        var state = Sample("left over", 1, 2);
        state.ETag = "42";
        state.RecordExists = true;

        await Storage.ReadStateAsync(StateName, Grain("missing"), state, CancellationToken.None).WithTimeout("the read of a missing record");

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(string.Empty, state.State.Name);
        Assert.Empty(state.State.Values);
        Assert.Empty(state.State.Labels);
    }

    [Fact]
    public async Task WriteState_NewRecord_RoundTripsStateAndEtag()
    {
        var id = Grain("cpu");
        var written = Sample("cpu", 3, 1, 4, 1, 5);

        await WriteAsync(id, written);
        var read = await ReadAsync(id);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        AssertSameContent(written.State, read.State);
    }

    [Fact]
    public async Task WriteState_SuccessiveWrites_IssueNewEtagEachTime()
    {
        var id = Grain("cpu");
        var state = Sample("cpu", 1);
        var etags = new List<string?>();

        for (var i = 0; i < 3; i++)
        {
            state.State.Values.Add(i);
            await WriteAsync(id, state);
            etags.Add(state.ETag);
        }

        Assert.Equal(3, etags.Distinct().Count());
        Assert.Equal(etags[^1], (await ReadAsync(id)).ETag);
    }

    [Fact]
    public async Task WriteState_StaleEtag_ThrowsAndStoresNothing()
    {
        var id = Grain("cpu");
        var stale = Sample("first", 1);
        await WriteAsync(id, stale);
        var staleEtag = stale.ETag;

        // A second activation reads the record and writes it: the first now holds a stale etag.
        var current = await ReadAsync(id);
        current.State.Name = "second";
        await WriteAsync(id, current);

        stale.State.Name = "stale";
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(id, stale));

        Assert.Equal(current.ETag, ex.StoredEtag);
        Assert.Equal(staleEtag, ex.CurrentEtag);
        Assert.Equal(staleEtag, stale.ETag);
        var stored = await ReadAsync(id);
        Assert.Equal("second", stored.State.Name);
        Assert.Equal(current.ETag, stored.ETag);
    }

    [Fact]
    public async Task WriteState_NullEtagWhenRecordExists_Throws()
    {
        var id = Grain("cpu");
        var existing = Sample("existing", 1);
        await WriteAsync(id, existing);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(id, Sample("intruder", 2)));

        Assert.Equal(existing.ETag, ex.StoredEtag);
        Assert.Null(ex.CurrentEtag);
        Assert.Equal("existing", (await ReadAsync(id)).State.Name);
    }

    [Fact]
    public async Task WriteState_EtagWhenNoRecord_Throws()
    {
        var id = Grain("never-written");
        var state = Sample("ghost", 1);
        state.ETag = "1";

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(id, state));

        Assert.Null(ex.StoredEtag);
        Assert.Equal("1", ex.CurrentEtag);
        Assert.False((await ReadAsync(id)).RecordExists);
    }

    [Fact]
    public async Task ClearState_ExistingRecord_ReadReturnsNoRecordWithEtagAndNewState()
    {
        var id = Grain("cpu");
        var state = Sample("cpu", 1, 2, 3);
        await WriteAsync(id, state);
        var writtenEtag = state.ETag;

        await ClearAsync(id, state);

        Assert.False(state.RecordExists);
        Assert.NotNull(state.ETag);
        Assert.NotEqual(writtenEtag, state.ETag);
        Assert.Empty(state.State.Values);
        var read = await ReadAsync(id);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(string.Empty, read.State.Name);
        Assert.Empty(read.State.Values);
    }

    [Fact]
    public async Task ClearState_RecordMissing_LeavesTombstoneWithEtag()
    {
        var id = Grain("never-written");
        var state = new GrainState<StorageTestState>();

        await ClearAsync(id, state);

        Assert.False(state.RecordExists);
        Assert.NotNull(state.ETag);
        var read = await ReadAsync(id);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task ClearState_StaleEtag_ThrowsAndKeepsRecord()
    {
        var id = Grain("cpu");
        var stale = Sample("first", 1);
        await WriteAsync(id, stale);
        var current = await ReadAsync(id);
        current.State.Name = "second";
        await WriteAsync(id, current);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => ClearAsync(id, stale));

        Assert.Equal(current.ETag, ex.StoredEtag);
        var read = await ReadAsync(id);
        Assert.True(read.RecordExists);
        Assert.Equal("second", read.State.Name);
    }

    [Fact]
    public async Task WriteState_StaleEtagAfterClear_Throws()
    {
        var id = Grain("cpu");
        var clearer = Sample("first", 1);
        await WriteAsync(id, clearer);
        var stale = await ReadAsync(id);

        await ClearAsync(id, clearer);

        stale.State.Name = "resurrected";
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(id, stale));
        Assert.Equal(clearer.ETag, ex.StoredEtag);
        Assert.False((await ReadAsync(id)).RecordExists);
    }

    [Fact]
    public async Task WriteState_NullEtagAfterClear_Throws()
    {
        var id = Grain("cpu");
        var state = Sample("first", 1);
        await WriteAsync(id, state);
        await ClearAsync(id, state);

        // The tombstone keeps the version: a writer that saw "no record" before the first write is stale too.
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(id, Sample("from before the first write", 2)));
        Assert.False((await ReadAsync(id)).RecordExists);
    }

    [Fact]
    public async Task WriteState_CurrentEtagAfterClear_SucceedsWithEtagNeverSeenBefore()
    {
        var id = Grain("cpu");
        var state = Sample("first", 1);
        await WriteAsync(id, state);
        var seen = new List<string?> { state.ETag };
        await ClearAsync(id, state);
        seen.Add(state.ETag);

        state.State.Name = "second";
        await WriteAsync(id, state);

        Assert.DoesNotContain(state.ETag, seen);
        var read = await ReadAsync(id);
        Assert.True(read.RecordExists);
        Assert.Equal("second", read.State.Name);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task WriteState_StateMutatedAfterWrite_StoredRecordUnchanged()
    {
        var id = Grain("cpu");
        var state = Sample("cpu", 1, 2);
        await WriteAsync(id, state);

        state.State.Name = "mutated";
        state.State.Values.Add(99);
        state.State.Labels["added"] = 1;
        var read = await ReadAsync(id);

        Assert.Equal("cpu", read.State.Name);
        Assert.Equal([1, 2], read.State.Values);
        Assert.DoesNotContain("added", read.State.Labels.Keys);
    }

    [Fact]
    public async Task ReadState_ReadStateMutated_NextReadUnchanged()
    {
        var id = Grain("cpu");
        await WriteAsync(id, Sample("cpu", 1, 2));

        var first = await ReadAsync(id);
        first.State.Values.Add(99);
        first.State.Labels["added"] = 1;
        var second = await ReadAsync(id);

        Assert.NotSame(first.State, second.State);
        Assert.Equal([1, 2], second.State.Values);
        Assert.DoesNotContain("added", second.State.Labels.Keys);
    }

    [Fact]
    public async Task WriteState_DifferentStateNames_AreIndependent()
    {
        var id = Grain("cpu");
        var windows = Sample("windows", 1);
        var sketch = Sample("sketch", 2);

        await WriteAsync(id, windows, "windows");
        await WriteAsync(id, sketch, "sketch");
        await ClearAsync(id, windows, "windows");

        Assert.False((await ReadAsync(id, "windows")).RecordExists);
        var read = await ReadAsync(id, "sketch");
        Assert.True(read.RecordExists);
        Assert.Equal("sketch", read.State.Name);
        Assert.Equal(sketch.ETag, read.ETag);
    }

    [Fact]
    public async Task WriteState_DifferentGrainIds_AreIndependent()
    {
        var ids = new[] { new GrainId("metric", "a"), new GrainId("metric", "b"), new GrainId("scoreboard", "a") };

        // Each first write presents no etag: a record under another id must not make it stale.
        foreach (var id in ids)
        {
            await WriteAsync(id, Sample(id.ToString(), 1));
        }

        await ClearAsync(ids[0], await ReadAsync(ids[0]));

        Assert.False((await ReadAsync(ids[0])).RecordExists);
        foreach (var id in ids[1..])
        {
            var read = await ReadAsync(id);
            Assert.True(read.RecordExists);
            Assert.Equal(id.ToString(), read.State.Name);
        }
    }

    [Fact]
    public async Task WriteState_ConcurrentWritesToDifferentGrains_AllSucceedAndReadBack()
    {
        const int GrainCount = 200;
        var states = Enumerable.Range(0, GrainCount).Select(i => Sample("grain-" + i, i, i * 2)).ToArray();

        // Started together so a group-committing provider batches them.
        var writes = states.Select((state, i) => Storage.WriteStateAsync(StateName, Grain("g" + i), state, CancellationToken.None));
        await Task.WhenAll(writes).WithTimeout($"{GrainCount} concurrent writes to complete");

        for (var i = 0; i < GrainCount; i++)
        {
            var read = await ReadAsync(Grain("g" + i));
            Assert.True(read.RecordExists);
            Assert.Equal(states[i].ETag, read.ETag);
            AssertSameContent(states[i].State, read.State);
        }
    }

    [Fact]
    public async Task WriteState_CancelledToken_ThrowsAndStoresNothing()
    {
        var id = Grain("cpu");
        var state = Sample("cpu", 1);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Storage.WriteStateAsync(StateName, id, state, cancelled.Token).WithTimeout("the cancelled write to end"));

        Assert.Null(state.ETag);
        Assert.False((await ReadAsync(id)).RecordExists);
    }

    protected static RuntimeJsonSerializer CreateSerializer() => new(Options.Create(new SerializationOptions()));

    protected static GrainId Grain(string key) => new("metric", key);

    protected static GrainState<StorageTestState> Sample(string name, params int[] values)
    {
        var state = new GrainState<StorageTestState>();
        state.State.Name = name;
        state.State.Values.AddRange(values);
        foreach (var value in values)
        {
            state.State.Labels["v" + value] = value / 2.0;
        }

        return state;
    }

    protected static void AssertSameContent(StorageTestState expected, StorageTestState actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Values, actual.Values);
        Assert.Equal(expected.Labels, actual.Labels);
    }

    protected Task<GrainState<StorageTestState>> ReadAsync(GrainId id, string stateName = StateName)
        => ReadAsync(Storage, id, stateName);

    protected static async Task<GrainState<StorageTestState>> ReadAsync(IGrainStorage storage, GrainId id, string stateName = StateName)
    {
        var state = new GrainState<StorageTestState>();
        await storage.ReadStateAsync(stateName, id, state, CancellationToken.None).WithTimeout($"the read of {id} '{stateName}'");
        return state;
    }

    protected Task WriteAsync(GrainId id, GrainState<StorageTestState> state, string stateName = StateName)
        => Storage.WriteStateAsync(stateName, id, state, CancellationToken.None).WithTimeout($"the write of {id} '{stateName}'");

    protected Task ClearAsync(GrainId id, GrainState<StorageTestState> state, string stateName = StateName)
        => Storage.ClearStateAsync(stateName, id, state, CancellationToken.None).WithTimeout($"the clear of {id} '{stateName}'");
}
