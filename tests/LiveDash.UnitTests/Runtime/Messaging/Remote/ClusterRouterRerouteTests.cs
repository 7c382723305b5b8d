using System.Net;
using System.Net.Sockets;
using System.Reflection;
using LiveDash.Runtime;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Invocation;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Messaging.Remote;
using LiveDash.Runtime.Messaging.Transport;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Messaging.Remote;

/// <summary>
/// The re-route after a "not owner" answer, on a cluster client's router: the owner in the view is a
/// silo whose port refuses connections, so a re-routed call fails at once with
/// <see cref="SiloUnavailableException"/> — the signal that the router did send it again.
/// </summary>
public sealed class ClusterRouterRerouteTests : IAsyncDisposable
{
    private readonly InMemoryMembershipTable _table = new();
    private readonly ClusterMembershipService _membership;
    private readonly ConnectionManager _connections;
    private readonly ClusterRouter _router;

    public ClusterRouterRerouteTests()
    {
        var options = Options.Create(new MembershipOptions { TableRefreshPeriod = TimeSpan.FromMinutes(10) });
        _membership = new ClusterMembershipService(_table, TimeProvider.System, options, NullLogger<ClusterMembershipService>.Instance);
        _connections = new ConnectionManager("test", () => null, new IgnoringHandler(), new PeerBlockList(), new TransportOptions(), NullLogger.Instance);
        _router = new ClusterRouter(
            _membership,
            _connections,
            new OutboundCallTable(),
            new RemoteCallCodec(new RuntimeJsonSerializer(Options.Create(new SerializationOptions()))),
            TimeProvider.System,
            NullLogger<ClusterRouter>.Instance,
            local: null);
    }

    public interface IRerouteGrain : IGrainWithStringKey
    {
        Task NothingAsync();
    }

    /// <summary>
    /// The common case during a view change: the call went out under view N-1, the owner it chose had
    /// already moved to view N and answered "not owner" with N, and by the time the answer arrives the
    /// caller has caught up with N too (the same NOTIFY reached it). The caller already holds the
    /// responder's view, so it should route again at once. Instead the router waits for view N+1
    /// (<c>Math.Max(responderViewVersion, CurrentView.Version + 1)</c>), a version that comes only with the
    /// next membership change, and gives up only after its hard-coded 5 s: every call caught by a view
    /// change stalls 5 s (and one with a deadline under 5 s times out).
    /// </summary>
    [Fact]
    public async Task NotOwner_WhenTheCallerAlreadyHoldsTheRespondersView_RoutesAgainAtOnce()
    {
        var owner = new SiloAddress("127.0.0.1", UnusedPort(), 1);
        await ActivateAsync(owner);
        var responderViewVersion = _membership.CurrentView.Version;
        var request = NewRequest();

        _router.OnNotOwner(request, responderViewVersion);

        // Loopback refuses the connect in well under a millisecond; 2 s is generous, and less than the
        // 5 s the router waits for a view that does not come.
        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => request.Task.WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.Contains(owner.ToString(), error.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _membership.DisposeAsync();
        await _connections.DisposeAsync();
    }

    private static GrainRequest<NoResult> NewRequest()
    {
        var method = (GrainMethod<NoResult>)GrainInterfaceDescriptor.For(typeof(IRerouteGrain))
            .GetMethod(typeof(IRerouteGrain).GetMethod(nameof(IRerouteGrain.NothingAsync), BindingFlags.Public | BindingFlags.Instance)!);
        return new GrainRequest<NoResult>(method, new GrainId("reroute", "g"), [], CancellationToken.None);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task ActivateAsync(SiloAddress silo)
    {
        var now = DateTimeOffset.UtcNow;
        var entry = new MembershipEntry { Silo = silo, Status = SiloStatus.Active, HostName = "test", StartTime = now, IAmAliveTime = now };
        var snapshot = await _table.ReadAllAsync(CancellationToken.None);
        Assert.True(await _table.TryInsertAsync(entry, snapshot.Version, CancellationToken.None));
        await _membership.RefreshAsync(CancellationToken.None);
        Assert.True(_membership.CurrentView.IsActive(silo));
    }

    private sealed class IgnoringHandler : IMessageHandler
    {
        public void OnMessage(Message message, Connection connection)
        {
        }

        public void OnConnectionClosed(Connection connection, Exception? reason)
        {
        }
    }
}
