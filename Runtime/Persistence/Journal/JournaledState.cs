using LiveDash.Runtime.Serialization;

namespace LiveDash.Runtime;

/// <summary>
/// The <see cref="IJournaledState{TSnapshot, TEntry}"/> injected into a grain: one named journal of
/// one grain id, kept in one <see cref="IJournalStorage"/>. An append rejected for a stale version
/// also deactivates the activation (through <c>onStale</c>), whose in-memory state can no longer be trusted.
/// </summary>
/// <remarks>
/// <para>Entries and snapshots are serialized with the runtime's <see cref="RuntimeJsonSerializer"/>
/// on the caller's turn, before the first await, so later changes to the grain's model cannot reach
/// storage. When to snapshot is <see cref="JournalSnapshotPolicy"/>'s call.</para>
/// <para>Appends may be pipelined: each call presents the version the previous call will have made
/// (not only the last confirmed one), so a grain may start the next append before the last one
/// completed; the group-committing providers keep one grain's appends in call order. After a failed
/// append the next presented version falls back to <see cref="Version"/> once no append is in flight;
/// appends started behind the failed one fail as stale.</para>
/// <para>Threading: calls are made by the owning activation, one turn at a time; completions may run
/// on other threads, hence the lock around the counters.</para>
/// </remarks>
internal sealed class JournaledState<TSnapshot, TEntry> : IJournaledState<TSnapshot, TEntry>, IPersistentStateLoader
    where TSnapshot : class
{
    private readonly string _stateName;
    private readonly GrainId _grainId;
    private readonly IJournalStorage _storage;
    private readonly RuntimeJsonSerializer _serializer;
    private readonly JournalSnapshotPolicy _policy;
    private readonly Action<string>? _onStale;
    private readonly Lock _gate = new();

    private long _version;
    private TSnapshot? _snapshot;
    private IReadOnlyList<TEntry> _tail = [];

    // What the next append presents, and what the stored tail will be once the appends in flight land.
    private long _nextVersion;
    private int _inFlight;
    private bool _failedSinceIdle;
    private long _tailEntries;
    private long _tailBytes;
    private long _snapshotBytes;

    /// <param name="stateName">The journal's name within the grain.</param>
    /// <param name="grainId">The grain it belongs to.</param>
    /// <param name="storage">Where it is kept.</param>
    /// <param name="serializer">Turns entries and snapshots into bytes and back.</param>
    /// <param name="policy">Decides when an append carries a snapshot.</param>
    /// <param name="onStale">Called with a reason when an append is rejected as stale (the activation deactivates).</param>
    public JournaledState(
        string stateName,
        GrainId grainId,
        IJournalStorage storage,
        RuntimeJsonSerializer serializer,
        JournalSnapshotPolicy policy,
        Action<string>? onStale)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(policy);
        _stateName = stateName;
        _grainId = grainId;
        _storage = storage;
        _serializer = serializer;
        _policy = policy;
        _onStale = onStale;
    }

    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    public bool RecordExists => Version > 0;

    public TSnapshot? Snapshot => _snapshot;

    public IReadOnlyList<TEntry> Tail => _tail;

    Task IPersistentStateLoader.ReadStateAsync(CancellationToken cancellationToken) => ReadAsync(cancellationToken);

    public async Task ReadAsync(CancellationToken cancellationToken = default)
    {
        var record = await _storage.ReadJournalAsync(_stateName, _grainId, cancellationToken);
        var snapshot = record.Snapshot is null ? null : _serializer.DeserializeValue<TSnapshot>(record.Snapshot);
        var tail = new TEntry[record.Entries.Count];
        long tailBytes = 0;
        for (var i = 0; i < tail.Length; i++)
        {
            var bytes = record.Entries[i];
            tail[i] = _serializer.DeserializeValue<TEntry>(bytes)!;
            tailBytes += bytes.Length;
        }

        lock (_gate)
        {
            _version = record.Version;
            _snapshot = snapshot;
            _tail = tail;
            _nextVersion = record.Version;
            _failedSinceIdle = false;
            _tailEntries = tail.Length;
            _tailBytes = tailBytes;
            _snapshotBytes = record.Snapshot?.Length ?? 0;
        }
    }

    public async Task AppendAsync(TEntry entry, Func<TSnapshot> takeSnapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(takeSnapshot);

        // Serialized now, on the caller's turn: later changes to the grain's model cannot reach storage.
        var entryBytes = _serializer.SerializeToBytes(entry);
        bool due;
        lock (_gate)
        {
            due = _policy.IsDue(_tailEntries + 1, _tailBytes + entryBytes.Length, _snapshotBytes);
        }

        // Grain code runs outside the lock.
        var snapshotBytes = due
            ? _serializer.SerializeToBytes(takeSnapshot()
                ?? throw new InvalidOperationException($"The snapshot of journal '{_stateName}' of grain {_grainId} was null; takeSnapshot must return the whole state."))
            : null;

        long expectedVersion;
        lock (_gate)
        {
            expectedVersion = _nextVersion++;
            _inFlight++;
            if (snapshotBytes is null)
            {
                _tailEntries++;
                _tailBytes += entryBytes.Length;
            }
            else
            {
                // The snapshot stands for the state with this entry applied: the tail starts empty.
                _tailEntries = 0;
                _tailBytes = 0;
                _snapshotBytes = snapshotBytes.Length;
            }
        }

        try
        {
            var version = await _storage.AppendJournalAsync(_stateName, _grainId, expectedVersion, entryBytes, snapshotBytes, cancellationToken);
            Landed(version);
        }
        catch (InconsistentStateException)
        {
            Landed(version: null);
            _onStale?.Invoke($"Journal '{_stateName}' of {_grainId} was appended to by another writer.");
            throw;
        }
        catch
        {
            Landed(version: null);
            throw;
        }
    }

    /// <summary>Accounts for one append that completed (<paramref name="version"/>) or failed (null).</summary>
    private void Landed(long? version)
    {
        lock (_gate)
        {
            _inFlight--;
            if (version is long v)
            {
                _version = Math.Max(_version, v);
            }
            else
            {
                _failedSinceIdle = true;
            }

            if (_inFlight == 0 && _failedSinceIdle)
            {
                // Nothing in flight: what storage holds is what the confirmed appends made.
                _nextVersion = _version;
                _failedSinceIdle = false;
            }
        }
    }
}
