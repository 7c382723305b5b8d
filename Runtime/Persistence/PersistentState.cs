using LiveDash.Runtime.Activation;

namespace LiveDash.Runtime;

/// <summary>
/// The <see cref="IPersistentState{TState}"/> injected into a grain: one named state of one grain id,
/// kept in one storage provider. A write rejected for a stale etag also deactivates the
/// activation, whose in-memory state can no longer be trusted.
/// </summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IPersistentStateLoader
    where TState : new()
{
    private readonly GrainState<TState> _grainState = new();
    private readonly string _stateName;
    private readonly IGrainStorage _storage;
    private readonly ActivationData _activation;

    public PersistentState(string stateName, IGrainStorage storage, ActivationData activation)
    {
        _stateName = stateName;
        _storage = storage;
        _activation = activation;
    }

    public TState State
    {
        get => _grainState.State;
        set => _grainState.State = value;
    }

    public string? Etag => _grainState.ETag;

    public bool RecordExists => _grainState.RecordExists;

    public Task ReadStateAsync(CancellationToken cancellationToken = default)
        => _storage.ReadStateAsync(_stateName, _activation.GrainId, _grainState, cancellationToken);

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _storage.WriteStateAsync(_stateName, _activation.GrainId, _grainState, cancellationToken);
        }
        catch (InconsistentStateException)
        {
            DeactivateStale();
            throw;
        }
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _storage.ClearStateAsync(_stateName, _activation.GrainId, _grainState, cancellationToken);
        }
        catch (InconsistentStateException)
        {
            DeactivateStale();
            throw;
        }
    }

    private void DeactivateStale()
        => _ = _activation.RequestDeactivation(new DeactivationReason(
            DeactivationReasonCode.InconsistentState,
            $"State '{_stateName}' of {_activation.GrainId} was changed by another writer."));
}
