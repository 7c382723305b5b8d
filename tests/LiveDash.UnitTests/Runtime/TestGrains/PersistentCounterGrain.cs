using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

public sealed class PersistentCounterGrain : Grain, IPersistentCounterGrain
{
    private readonly IPersistentState<CounterState> _counter;
    private readonly GrainProbe _probe;

    public PersistentCounterGrain([PersistentState("counter")] IPersistentState<CounterState> counter, GrainProbe probe)
    {
        _counter = counter;
        _probe = probe;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _probe.Record($"activate:{GetPrimaryKeyString()}:{_counter.State.Total}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _probe.Record($"deactivate:{GetPrimaryKeyString()}:{reason.Code}");
        return Task.CompletedTask;
    }

    public async Task<int> AddAsync(int amount)
    {
        _counter.State.Total += amount;
        await _counter.WriteStateAsync();
        return _counter.State.Total;
    }

    public Task<int> GetAsync() => Task.FromResult(_counter.State.Total);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
