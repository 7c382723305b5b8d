using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

/// <summary>
/// Keeps a total as a journal of amounts. At activation it records where its state came from:
/// "activate:{key}:{total}:{snapshot total or none}:{tail length}".
/// </summary>
public sealed class JournaledCounterGrain : Grain, IJournaledCounterGrain
{
    private readonly IJournaledState<JournaledCounterSnapshot, int> _journal;
    private readonly GrainProbe _probe;
    private JournaledCounterSnapshot _model = new();

    public JournaledCounterGrain([JournaledState("amounts")] IJournaledState<JournaledCounterSnapshot, int> journal, GrainProbe probe)
    {
        _journal = journal;
        _probe = probe;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var snapshot = _journal.Snapshot;
        _model = snapshot is null ? new JournaledCounterSnapshot() : new JournaledCounterSnapshot { Total = snapshot.Total, Count = snapshot.Count };
        foreach (var amount in _journal.Tail)
        {
            Apply(amount);
        }

        var from = snapshot is null ? "none" : snapshot.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _probe.Record($"activate:{GetPrimaryKeyString()}:{_model.Total}:{from}:{_journal.Tail.Count}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _probe.Record($"deactivate:{GetPrimaryKeyString()}:{reason.Code}");
        return Task.CompletedTask;
    }

    public async Task<int> AddAsync(int amount)
    {
        Apply(amount);
        await _journal.AppendAsync(amount, () => new JournaledCounterSnapshot { Total = _model.Total, Count = _model.Count });
        return _model.Total;
    }

    public Task<int> GetAsync() => Task.FromResult(_model.Total);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private void Apply(int amount)
    {
        _model.Total += amount;
        _model.Count++;
    }
}
