using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

/// <summary>Reports its lifecycle to the probe; keys starting with "fail" fail to activate, keys starting with "slow" deactivate only when the test opens their gate.</summary>
public sealed class LifecycleGrain : Grain, ILifecycleGrain
{
    private readonly GrainProbe _probe;
    private int _activationNumber;

    public LifecycleGrain(GrainProbe probe)
    {
        _probe = probe;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = GetPrimaryKeyString();
        _probe.Record("activate:" + key);
        if (key.StartsWith("fail", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("activation of " + key + " refused");
        }

        _activationNumber = _probe.Count("activate:" + key);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        var key = GetPrimaryKeyString();
        _probe.Record("deactivating:" + key);
        if (key.StartsWith("slow", StringComparison.Ordinal))
        {
            await _probe.Gate("deactivate-" + key).Task;
        }

        _probe.Record($"deactivate:{key}:{reason.Code}");
    }

    public Task<int> CallAsync()
    {
        _probe.Record("call:" + GetPrimaryKeyString());
        return Task.FromResult(_activationNumber);
    }

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
