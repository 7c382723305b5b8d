using LiveDash.Runtime;
using LiveDash.Runtime.Cluster;

namespace LiveDash.IntegrationTests.Cluster;

/// <summary>See <see cref="IClusterCounterGrain"/>.</summary>
internal sealed class ClusterCounterGrain : Grain, IClusterCounterGrain
{
    private readonly IPersistentState<ClusterCounterState> _state;
    private readonly LocalSiloDetails _silo;
    private int _inside;
    private int _overlaps;

    public ClusterCounterGrain([PersistentState("counter")] IPersistentState<ClusterCounterState> state, LocalSiloDetails silo)
    {
        _state = state;
        _silo = silo;
    }

    public async Task<int> AddAsync(int amount)
    {
        _state.State.Total += amount;
        await _state.WriteStateAsync();
        return _state.State.Total;
    }

    public Task<int> GetAsync() => Task.FromResult(_state.State.Total);

    public Task<string> GetSiloAsync() => Task.FromResult(_silo.Address.ToString());

    public async Task<int> TurnAsync()
    {
        if (Interlocked.Increment(ref _inside) != 1)
        {
            _overlaps++;
        }

        // Awaits inside the turn: another call must still not start until this one is done.
        await Task.Yield();
        await Task.Delay(1);
        Interlocked.Decrement(ref _inside);
        return _overlaps;
    }

    public Task FailAsync(string message) => throw new ArgumentException(message);
}
