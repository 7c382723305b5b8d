using LiveDash.Runtime;

namespace LiveDash.UnitTests.Grains.Silo;

/// <summary>
/// A storage double around the memory provider: it fails writes and journal appends while
/// <see cref="FailWrites"/> is set and journal reads while <see cref="FailReads"/> is set, and records
/// the size of every journal append it passes on.
/// </summary>
internal sealed class FailingGrainStorage : IGrainStorage, IJournalStorage
{
    private readonly IGrainStorage _inner;
    private readonly List<(int EntryBytes, int? SnapshotBytes)> _appends = [];

    public FailingGrainStorage(IGrainStorage inner)
    {
        _inner = inner;
    }

    public bool FailWrites { get; set; }

    public bool FailReads { get; set; }

    /// <summary>The journal appends stored so far: entry size and, when one came along, snapshot size.</summary>
    public IReadOnlyList<(int EntryBytes, int? SnapshotBytes)> Appends
    {
        get
        {
            lock (_appends)
            {
                return [.. _appends];
            }
        }
    }

    private IJournalStorage InnerJournal => (IJournalStorage)_inner;

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
        => _inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
        => FailWrites
            ? Task.FromException(new IOException("disk full (test)"))
            : _inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
        => _inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task<JournalRecord> ReadJournalAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
        => FailReads
            ? Task.FromException<JournalRecord>(new IOException("storage unreachable (test)"))
            : InnerJournal.ReadJournalAsync(stateName, grainId, cancellationToken);

    public async Task<long> AppendJournalAsync(
        string stateName,
        GrainId grainId,
        long expectedVersion,
        byte[] entry,
        byte[]? snapshot,
        CancellationToken cancellationToken)
    {
        if (FailWrites)
        {
            throw new IOException("disk full (test)");
        }

        var version = await InnerJournal.AppendJournalAsync(stateName, grainId, expectedVersion, entry, snapshot, cancellationToken);
        lock (_appends)
        {
            _appends.Add((entry.Length, snapshot?.Length));
        }

        return version;
    }
}
