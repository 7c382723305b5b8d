using LiveDash.Runtime;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Messaging.Transport;
using LiveDash.Runtime.Placement;
using LiveDash.Runtime.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveDash.TestingHost;

/// <summary>One cluster client of a <see cref="TestCluster"/> (its own generic host, as a gateway's would be).</summary>
public sealed class ClientHandle
{
    private readonly Func<IEnumerable<SiloAddress>> _silos;
    private readonly HashSet<SiloAddress> _blocked = [];

    internal ClientHandle(string name, IHost host, Func<IEnumerable<SiloAddress>> silos)
    {
        Name = name;
        Host = host;
        _silos = silos;
    }

    /// <summary>A name for messages: <c>client-1</c>, <c>client-2</c>, ….</summary>
    public string Name { get; }

    /// <summary>The client host's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>The cluster client.</summary>
    public IClusterClient Client => Services.GetRequiredService<IClusterClient>();

    /// <summary>The client's streams.</summary>
    public IStreamProvider Streams => Services.GetRequiredService<IStreamProvider>();

    /// <summary>What the client's stream subscriptions have done.</summary>
    public StreamStatistics StreamStatistics => Services.GetRequiredService<StreamStatistics>();

    /// <summary>The client's current view of the cluster.</summary>
    public ClusterView CurrentView => Services.GetRequiredService<ClusterMembershipService>().CurrentView;

    internal IHost Host { get; }

    /// <summary>
    /// Cuts the client off: its connections to every silo drop and new ones are refused until
    /// <see cref="Reconnect"/>, as when a gateway's network fails. Its membership table stays readable.
    /// </summary>
    public void Disconnect()
    {
        var connections = Services.GetRequiredService<ConnectionManager>();
        lock (_blocked)
        {
            foreach (var silo in _silos())
            {
                if (_blocked.Add(silo))
                {
                    connections.Block(silo);
                }
            }
        }
    }

    /// <summary>Ends a <see cref="Disconnect"/>: the next send to each silo connects anew.</summary>
    public void Reconnect()
    {
        var connections = Services.GetRequiredService<ConnectionManager>();
        lock (_blocked)
        {
            foreach (var silo in _blocked)
            {
                connections.Unblock(silo);
            }

            _blocked.Clear();
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
