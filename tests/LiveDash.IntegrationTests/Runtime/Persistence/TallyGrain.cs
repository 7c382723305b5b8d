using LiveDash.Runtime;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>Keeps its values in the default grain storage.</summary>
public sealed class TallyGrain : Grain, ITallyGrain
{
    private readonly IPersistentState<StorageTestState> _state;

    public TallyGrain([PersistentState("tally")] IPersistentState<StorageTestState> state)
    {
        _state = state;
    }

    public async Task<List<int>> AddAsync(int value)
    {
        _state.State.Values.Add(value);
        await _state.WriteStateAsync();
        return [.. _state.State.Values];
    }

    public Task<List<int>> GetAsync() => Task.FromResult<List<int>>([.. _state.State.Values]);
}
