using LiveDash.Runtime;
using LiveDash.Runtime.Cluster;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>
/// Keeps its values in a journal of the default grain storage: the snapshot is the whole list, an
/// entry one value. Its silo's details exist only in a clustered silo.
/// </summary>
internal sealed class JournaledTallyGrain : Grain, IJournaledTallyGrain
{
    private readonly IJournaledState<List<int>, int> _journal;
    private readonly LocalSiloDetails? _silo;
    private List<int> _values = [];

    public JournaledTallyGrain([JournaledState("tally")] IJournaledState<List<int>, int> journal, LocalSiloDetails? silo = null)
    {
        _journal = journal;
        _silo = silo;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _values = [.. _journal.Snapshot ?? [], .. _journal.Tail];
        return Task.CompletedTask;
    }

    public async Task<List<int>> AddAsync(int value)
    {
        _values.Add(value);
        await _journal.AppendAsync(value, () => [.. _values]);
        return [.. _values];
    }

    public Task<List<int>> GetAsync() => Task.FromResult<List<int>>([.. _values]);

    public Task<string> GetSiloAsync() => Task.FromResult(_silo?.Address.ToString() ?? "local");
}
