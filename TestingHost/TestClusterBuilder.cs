using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Membership;
using Microsoft.Extensions.Hosting;

namespace LiveDash.TestingHost;

/// <summary>
/// Describes a <see cref="TestCluster"/>: how many silos, what each silo and the client host, which
/// membership table they share, and any configuration (Orleans's <c>TestClusterBuilder</c>).
/// </summary>
public sealed class TestClusterBuilder
{
    private readonly List<Action<ISiloBuilder>> _siloConfigurations = [];
    private readonly List<Action<IClientBuilder>> _clientConfigurations = [];
    private readonly List<Action<IHostBuilder>> _hostConfigurations = [];
    private readonly Dictionary<string, string?> _configuration = new(StringComparer.OrdinalIgnoreCase);
    private Func<string, IServiceProvider, IMembershipTable>? _membershipTable;

    /// <summary>Silos started by <see cref="BuildAndStartAsync"/>. Default: 3.</summary>
    public int InitialSilosCount { get; set; } = 3;

    /// <summary>The cluster id; unique per builder so clusters sharing a database never meet.</summary>
    public string ClusterId { get; set; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Adds grains, storage or services to every silo.</summary>
    public TestClusterBuilder ConfigureSilo(Action<ISiloBuilder> configure)
    {
        _siloConfigurations.Add(configure);
        return this;
    }

    /// <summary>Adds grain types or services to the client.</summary>
    public TestClusterBuilder ConfigureClient(Action<IClientBuilder> configure)
    {
        _clientConfigurations.Add(configure);
        return this;
    }

    /// <summary>Adjusts every host (silos and client): logging, services.</summary>
    public TestClusterBuilder ConfigureHost(Action<IHostBuilder> configure)
    {
        _hostConfigurations.Add(configure);
        return this;
    }

    /// <summary>Sets a configuration value on every silo and the client (e.g. <c>LiveDash:Runtime:Membership:ProbePeriod</c>).</summary>
    public TestClusterBuilder Configure(string key, string? value)
    {
        _configuration[key] = value;
        return this;
    }

    /// <summary>
    /// Uses the membership table <paramref name="create"/> makes for a cluster id (one per node, e.g. a
    /// PostgreSQL table each). Default: one <see cref="InMemoryMembershipTable"/> shared by all nodes.
    /// </summary>
    public TestClusterBuilder UseMembershipTable(Func<string, IServiceProvider, IMembershipTable> create)
    {
        _membershipTable = create;
        return this;
    }

    /// <summary>Gives every silo a default grain storage over one shared in-memory store: state survives a silo, not the process.</summary>
    public TestClusterBuilder UseSharedMemoryStorage()
    {
        MemoryGrainStorage? shared = null;
        var gate = new Lock();
        return ConfigureSilo(silo => silo.Services.AddSharedMemoryGrainStorage(serializer =>
        {
            lock (gate)
            {
                if (shared is null)
                {
                    shared = new MemoryGrainStorage(serializer);
                    return shared;
                }

                return new MemoryGrainStorage(serializer, shared);
            }
        }));
    }

    /// <summary>Starts the silos and the client; waits until every node sees every silo Active.</summary>
    public async Task<TestCluster> BuildAndStartAsync()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(InitialSilosCount);
        InMemoryMembershipTable? inMemory = _membershipTable is null ? new InMemoryMembershipTable() : null;
        var options = new TestClusterOptions(
            ClusterId,
            [.. _siloConfigurations],
            [.. _clientConfigurations],
            [.. _hostConfigurations],
            new Dictionary<string, string?>(_configuration, StringComparer.OrdinalIgnoreCase),
            _membershipTable ?? ((_, _) => inMemory!));
        var cluster = new TestCluster(options);
        try
        {
            await cluster.DeployAsync(InitialSilosCount);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }
}
