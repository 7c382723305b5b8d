using LiveDash.Runtime.Serialization;

namespace LiveDash.Runtime;

/// <summary>
/// A grain storage provider that keeps records in process memory: for tests and for state that may
/// be lost with the silo. It follows the full <see cref="IGrainStorage"/> contract, etags included.
/// </summary>
/// <remarks>
/// Each record is the state's serialized bytes plus a version (the etag is the version as an
/// invariant string), so a stored record never shares an object with a grain: isolation by value.
/// Clearing keeps the record as a tombstone (no payload, next version) so versions never repeat and a
/// writer holding a pre-clear etag fails. Tombstones are never removed; memory grows with the number
/// of distinct records ever stored, which is the price of that guarantee.
/// Journals (<see cref="IJournalStorage"/>) live in a table of their own, so a journal shares no
/// record with a persistent state of the same name; appended bytes are copied in and read bytes
/// copied out, for the same isolation by value.
/// Thread-safe: one lock guards both tables; serialization and deserialization run outside it.
/// </remarks>
public sealed class MemoryGrainStorage : IGrainStorage, IJournalStorage
{
    private readonly Lock _lock;
    private readonly Dictionary<GrainStateKey, (byte[]? Payload, long Version)> _records;
    private readonly Dictionary<GrainStateKey, MemoryJournal> _journals;
    private readonly RuntimeJsonSerializer _serializer;

    /// <summary>Creates an empty store that serializes state with <paramref name="serializer"/>.</summary>
    public MemoryGrainStorage(RuntimeJsonSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        _serializer = serializer;
        _lock = new Lock();
        _records = [];
        _journals = [];
    }

    /// <summary>
    /// Creates a store over the records of <paramref name="sharedWith"/>, serializing with
    /// <paramref name="serializer"/>: several silos of one process (a test cluster) share one
    /// "database" while each keeps its own serializer.
    /// </summary>
    public MemoryGrainStorage(RuntimeJsonSerializer serializer, MemoryGrainStorage sharedWith)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(sharedWith);
        _serializer = serializer;
        _lock = sharedWith._lock;
        _records = sharedWith._records;
        _journals = sharedWith._journals;
    }

    /// <inheritdoc />
    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        bool found;
        (byte[]? Payload, long Version) record;
        lock (_lock)
        {
            found = _records.TryGetValue(GrainStateKey.From(stateName, grainId), out record);
        }

        if (!found)
        {
            grainState.State = new TState();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        else
        {
            // Stored arrays are never mutated after insertion, so reading one outside the lock is safe.
            try
            {
                grainState.State = record.Payload is null ? new TState() : _serializer.Deserialize<TState>(record.Payload);
            }
            catch (Exception ex)
            {
                return Task.FromException(ex);
            }

            grainState.ETag = GrainStorageEtag.Format(record.Version);
            grainState.RecordExists = record.Payload is not null;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        long version;
        try
        {
            var payload = _serializer.SerializeToBytes(grainState.State);
            version = Store(GrainStorageOperation.Write, stateName, grainId, grainState.ETag, payload);
        }
        catch (Exception ex)
        {
            // Failures surface through the task, as with the providers that do I/O.
            return Task.FromException(ex);
        }

        grainState.ETag = GrainStorageEtag.Format(version);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        long version;
        try
        {
            version = Store(GrainStorageOperation.Clear, stateName, grainId, grainState.ETag, payload: null);
        }
        catch (InconsistentStateException ex)
        {
            return Task.FromException(ex);
        }

        grainState.State = new TState();
        grainState.ETag = GrainStorageEtag.Format(version);
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<JournalRecord> ReadJournalAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<JournalRecord>(cancellationToken);
        }

        lock (_lock)
        {
            return Task.FromResult(_journals.TryGetValue(GrainStateKey.From(stateName, grainId), out var journal)
                ? journal.Read()
                : JournalRecord.Empty);
        }
    }

    /// <inheritdoc />
    public Task<long> AppendJournalAsync(
        string stateName,
        GrainId grainId,
        long expectedVersion,
        byte[] entry,
        byte[]? snapshot,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(entry);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<long>(cancellationToken);
        }

        var key = GrainStateKey.From(stateName, grainId);
        long storedVersion;
        lock (_lock)
        {
            if (!_journals.TryGetValue(key, out var journal))
            {
                journal = new MemoryJournal();
                if (expectedVersion == 0)
                {
                    _journals[key] = journal;
                }
            }

            storedVersion = journal.Version;
            if (storedVersion == expectedVersion)
            {
                return Task.FromResult(journal.Append(entry, snapshot));
            }
        }

        return Task.FromException<long>(GrainStorageErrors.JournalVersionMismatch(stateName, grainId, storedVersion, expectedVersion));
    }

    /// <summary>Checks the etag and stores the payload (null: tombstone) as the next version.</summary>
    private long Store(GrainStorageOperation operation, string stateName, GrainId grainId, string? presentedEtag, byte[]? payload)
    {
        var key = GrainStateKey.From(stateName, grainId);
        long storedVersion;
        bool exists;
        lock (_lock)
        {
            exists = _records.TryGetValue(key, out var record);
            storedVersion = record.Version;
            var current = presentedEtag is null
                ? !exists
                : exists && GrainStorageEtag.TryParse(presentedEtag, out var presentedVersion) && presentedVersion == storedVersion;
            if (current)
            {
                var version = exists ? storedVersion + 1 : GrainStorageEtag.FirstVersion;
                _records[key] = (payload, version);
                return version;
            }
        }

        throw GrainStorageErrors.EtagMismatch(
            operation,
            stateName,
            grainId,
            exists ? GrainStorageEtag.Format(storedVersion) : null,
            presentedEtag);
    }
}
