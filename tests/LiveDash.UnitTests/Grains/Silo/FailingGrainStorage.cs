using LiveDash.Runtime;

namespace LiveDash.UnitTests.Grains.Silo;

/// <summary>A storage double around the memory provider that fails writes while <see cref="FailWrites"/> is set.</summary>
internal sealed class FailingGrainStorage : IGrainStorage
{
    private readonly IGrainStorage _inner;

    public FailingGrainStorage(IGrainStorage inner)
    {
        _inner = inner;
    }

    public bool FailWrites { get; set; }

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
}
