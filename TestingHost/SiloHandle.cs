using LiveDash.Runtime;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveDash.TestingHost;

/// <summary>One silo of a <see cref="TestCluster"/>: its own generic host, on its own loopback port.</summary>
public sealed class SiloHandle
{
    internal SiloHandle(string name, IHost host)
    {
        Name = name;
        Host = host;
        ClusterService = host.Services.GetRequiredService<SiloClusterService>();
        Address = host.Services.GetRequiredService<LocalSiloDetails>().Address;
    }

    /// <summary>A name for messages: <c>silo-1</c>, <c>silo-2</c>, ….</summary>
    public string Name { get; }

    /// <summary>The silo's address (host, port, generation).</summary>
    public SiloAddress Address { get; }

    /// <summary>The silo host's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>A grain factory inside this silo: calls start here and are routed like a grain's own.</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>False once the silo was stopped, killed or voted out.</summary>
    public bool IsRunning { get; internal set; } = true;

    /// <summary>Completes when the silo read itself Dead in the membership table (its peers voted it out).</summary>
    public Task DeclaredDead => ClusterService.DeclaredDead;

    /// <summary>The cluster view this silo routes by.</summary>
    public ClusterView CurrentView => ClusterService.Membership.CurrentView;

    internal IHost Host { get; }

    internal SiloClusterService ClusterService { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Address})";
}
