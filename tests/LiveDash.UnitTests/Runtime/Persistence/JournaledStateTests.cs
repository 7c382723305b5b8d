using LiveDash.Runtime;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Persistence;

/// <summary>The journaled-state facet over <see cref="MemoryGrainStorage"/>, without a silo.</summary>
public sealed class JournaledStateTests
{
    private static readonly GrainId s_id = new("journaled", "j");
    private readonly RuntimeJsonSerializer _serializer = new(Options.Create(new SerializationOptions()));
    private readonly MemoryGrainStorage _storage;

    public JournaledStateTests()
    {
        _storage = new MemoryGrainStorage(_serializer);
    }

    [Fact]
    public async Task ReadAsync_NothingStored_IsEmptyAtVersionZero()
    {
        var journal = Create();

        await journal.ReadAsync();

        Assert.Equal(0, journal.Version);
        Assert.False(journal.RecordExists);
        Assert.Null(journal.Snapshot);
        Assert.Empty(journal.Tail);
    }

    [Fact]
    public async Task AppendAsync_ThenReadByAnotherFacet_RoundTripsTypedSnapshotAndTail()
    {
        var writer = Create(new JournalOptions { MaxTailEntries = 3 });
        await writer.ReadAsync();
        var model = new Model();

        // Third append makes a snapshot due; the next two form the tail.
        foreach (var label in new[] { "a", "b", "c", "d", "e" })
        {
            model.Labels.Add(label);
            await writer.AppendAsync(new Change(label, model.Labels.Count), () => new Model { Labels = [.. model.Labels] });
        }

        var reader = Create();
        await reader.ReadAsync();

        Assert.Equal(5, writer.Version);
        Assert.Equal(5, reader.Version);
        Assert.True(reader.RecordExists);
        Assert.Equal(["a", "b", "c"], reader.Snapshot!.Labels);
        Assert.Equal([new Change("d", 4), new Change("e", 5)], reader.Tail);
    }

    [Fact]
    public async Task AppendAsync_SnapshotNotDue_DoesNotCallTakeSnapshot()
    {
        var journal = Create(new JournalOptions { MaxTailEntries = 2 });
        await journal.ReadAsync();
        var calls = 0;

        await journal.AppendAsync(new Change("a", 1), () => { calls++; return new Model(); });
        Assert.Equal(0, calls);
        await journal.AppendAsync(new Change("b", 2), () => { calls++; return new Model(); });

        Assert.Equal(1, calls);
        var record = await _storage.ReadJournalAsync("changes", s_id, CancellationToken.None);
        Assert.Equal(2, record.SnapshotVersion);
        Assert.Empty(record.Entries);
    }

    [Fact]
    public async Task AppendAsync_TailBytesReachTwiceSnapshotSize_StoresSnapshot()
    {
        // Entries are far smaller than MaxTailEntries allows: only the byte rule can make a snapshot due.
        var journal = Create(new JournalOptions { MaxTailEntries = 1_000_000, MinTailBytes = 0, TailToSnapshotSizeRatio = 2 });
        await journal.ReadAsync();
        var big = new Model { Labels = [new string('x', 1000)] };
        var snapshotSize = _serializer.SerializeToBytes(big).Length;
        var entrySize = _serializer.SerializeToBytes(new Change("y", 1)).Length;

        // With MinTailBytes 0 and no snapshot yet, the first append carries one.
        await journal.AppendAsync(new Change("y", 1), () => big);
        var appendsBeforeNextSnapshot = 0;
        long snapshotVersion;
        do
        {
            await journal.AppendAsync(new Change("y", 1), () => big);
            appendsBeforeNextSnapshot++;
            snapshotVersion = (await _storage.ReadJournalAsync("changes", s_id, CancellationToken.None)).SnapshotVersion;
        }
        while (snapshotVersion == 1 && appendsBeforeNextSnapshot < 10_000);

        Assert.Equal((int)Math.Ceiling(2.0 * snapshotSize / entrySize), appendsBeforeNextSnapshot);
    }

    [Fact]
    public async Task AppendAsync_AnotherWriterAppended_ThrowsCallsOnStaleAndStoresNothing()
    {
        var reasons = new List<string>();
        var stale = Create(onStale: reasons.Add);
        await stale.ReadAsync();
        var current = Create();
        await current.ReadAsync();
        await current.AppendAsync(new Change("current", 1), () => new Model());

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => stale.AppendAsync(new Change("stale", 1), () => new Model()));

        Assert.Equal("1", ex.StoredEtag);
        Assert.Equal("0", ex.CurrentEtag);
        Assert.Single(reasons);
        Assert.Contains("changes", reasons[0], StringComparison.Ordinal);
        Assert.Equal(0, stale.Version);
        var reader = Create();
        await reader.ReadAsync();
        Assert.Equal([new Change("current", 1)], reader.Tail);
    }

    [Fact]
    public async Task AppendAsync_SeveralStartedBeforeAnyCompleted_PresentSuccessiveVersions()
    {
        var storage = new DeferredJournalStorage(_storage);
        var journal = Create(storage: storage);
        await journal.ReadAsync();

        var appends = Enumerable.Range(1, 3).Select(i => journal.AppendAsync(new Change("p", i), () => new Model())).ToArray();
        Assert.Equal([0L, 1L, 2L], storage.Presented);
        storage.Release();
        await Task.WhenAll(appends).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, journal.Version);
    }

    [Fact]
    public async Task AppendAsync_AfterFailedAppend_PresentsTheConfirmedVersionAgain()
    {
        var journal = Create();
        await journal.ReadAsync();
        await journal.AppendAsync(new Change("a", 1), () => new Model());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => journal.AppendAsync(new Change("lost", 2), () => new Model(), cancelled.Token));
        await journal.AppendAsync(new Change("b", 2), () => new Model());

        Assert.Equal(2, journal.Version);
        var reader = Create();
        await reader.ReadAsync();
        Assert.Equal([new Change("a", 1), new Change("b", 2)], reader.Tail);
    }

    private JournaledState<Model, Change> Create(JournalOptions? options = null, Action<string>? onStale = null, IJournalStorage? storage = null)
        => new("changes", s_id, storage ?? _storage, _serializer, new JournalSnapshotPolicy(options ?? new JournalOptions()), onStale);

    public sealed record Change(string Label, int Sequence);

    public sealed class Model
    {
        public List<string> Labels { get; set; } = [];
    }

    /// <summary>Holds every append until <see cref="Release"/>, recording the versions presented; then applies them in call order.</summary>
    private sealed class DeferredJournalStorage(IJournalStorage inner) : IJournalStorage
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task _previous = Task.CompletedTask;

        public List<long> Presented { get; } = [];

        public void Release() => _released.TrySetResult();

        public Task<JournalRecord> ReadJournalAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
            => inner.ReadJournalAsync(stateName, grainId, cancellationToken);

        public Task<long> AppendJournalAsync(string stateName, GrainId grainId, long expectedVersion, byte[] entry, byte[]? snapshot, CancellationToken cancellationToken)
        {
            Presented.Add(expectedVersion);
            var append = AppendAfterAsync(_previous, stateName, grainId, expectedVersion, entry, snapshot, cancellationToken);
            _previous = append;
            return append;
        }

        private async Task<long> AppendAfterAsync(Task previous, string stateName, GrainId grainId, long expectedVersion, byte[] entry, byte[]? snapshot, CancellationToken cancellationToken)
        {
            await _released.Task;
            await previous;
            return await inner.AppendJournalAsync(stateName, grainId, expectedVersion, entry, snapshot, cancellationToken);
        }
    }
}
