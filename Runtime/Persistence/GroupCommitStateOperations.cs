using LiveDash.Runtime.Serialization;

namespace LiveDash.Runtime;

/// <summary>
/// The provider-independent half of a group-committed grain storage (SQLite, PostgreSQL): turning a
/// stored record into grain state, and submitting writes and clears to the provider's
/// <see cref="GroupCommitWriter"/>. Providers keep only how a record is read and committed.
/// </summary>
internal sealed class GroupCommitStateOperations
{
    private readonly RuntimeJsonSerializer _serializer;
    private readonly GroupCommitWriter _writer;

    public GroupCommitStateOperations(RuntimeJsonSerializer serializer, GroupCommitWriter writer)
    {
        _serializer = serializer;
        _writer = writer;
    }

    /// <summary>
    /// Fills <paramref name="grainState"/> from a record read as (<paramref name="version"/>,
    /// <paramref name="payload"/>). No row: never stored. A row without payload: a tombstone left by a clear.
    /// </summary>
    public void ApplyRead<TState>(IGrainState<TState> grainState, long? version, byte[]? payload)
        where TState : new()
    {
        grainState.State = payload is null ? new TState() : _serializer.Deserialize<TState>(payload);
        grainState.ETag = version is long v ? GrainStorageEtag.Format(v) : null;
        grainState.RecordExists = payload is not null;
    }

    public async Task WriteAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        // Serialized now, on the caller's turn: later mutations of the state cannot reach storage.
        var payload = _serializer.SerializeToBytes(grainState.State);
        var version = await _writer.SubmitAsync(new GroupCommitWriteRequest(
            GrainStorageOperation.Write, stateName, grainId, grainState.ETag, payload, cancellationToken));
        grainState.ETag = GrainStorageEtag.Format(version);
        grainState.RecordExists = true;
    }

    public async Task ClearAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        var version = await _writer.SubmitAsync(new GroupCommitWriteRequest(
            GrainStorageOperation.Clear, stateName, grainId, grainState.ETag, payload: null, cancellationToken));
        grainState.State = new TState();
        grainState.ETag = GrainStorageEtag.Format(version);
        grainState.RecordExists = false;
    }
}
