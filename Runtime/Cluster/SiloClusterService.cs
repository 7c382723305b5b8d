using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Messaging.Remote;
using LiveDash.Runtime.Messaging.Transport;
using LiveDash.Runtime.Placement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Cluster;

/// <summary>
/// A silo's membership in a cluster, from start to stop: listens, joins the table, keeps the
/// catalog to the grains it owns in each new view, leaves gracefully — or crashes on a test kill.
/// Driven by the silo's hosted service.
/// </summary>
internal sealed class SiloClusterService
{
    private readonly LocalSiloDetails _local;
    private readonly ConnectionListener _listener;
    private readonly ConnectionManager _connections;
    private readonly MembershipAgent _agent;
    private readonly ClusterMembershipService _membership;
    private readonly Catalog _catalog;
    private readonly ClusterRouter _router;
    private readonly RuntimeMessageHandler _handler;
    private readonly OutboundCallTable _outbound;
    private readonly SiloEndpointOptions _endpoint;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _declaredDead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _killed;

    public SiloClusterService(
        LocalSiloDetails local,
        ConnectionListener listener,
        ConnectionManager connections,
        MembershipAgent agent,
        ClusterMembershipService membership,
        Catalog catalog,
        ClusterRouter router,
        RuntimeMessageHandler handler,
        OutboundCallTable outbound,
        IOptions<SiloEndpointOptions> endpoint,
        TimeProvider time,
        ILogger<SiloClusterService> logger,
        IHostApplicationLifetime? lifetime = null)
    {
        _local = local;
        _listener = listener;
        _connections = connections;
        _agent = agent;
        _membership = membership;
        _catalog = catalog;
        _router = router;
        _handler = handler;
        _outbound = outbound;
        _endpoint = endpoint.Value;
        _time = time;
        _logger = logger;
        _lifetime = lifetime;
    }

    /// <summary>Completes when this silo read itself Dead in the table (its peers voted it out).</summary>
    public Task DeclaredDead => _declaredDead.Task;

    /// <summary>Whether the silo was killed (<see cref="KillAsync"/>).</summary>
    public bool IsKilled => Volatile.Read(ref _killed) != 0;

    /// <summary>The view this silo routes by.</summary>
    public ClusterMembershipService Membership => _membership;

    /// <summary>This silo's connections, for test partitions.</summary>
    public ConnectionManager Connections => _connections;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _handler.SetRouter(_router);
        var bound = _listener.Bind();
        var advertised = _endpoint.AdvertisedAddress ?? _endpoint.ListenAddress;
        _local.SetAddress(new SiloAddress(advertised, bound.Port, SiloGeneration.Next(_time)));
        _listener.Start(_local.Address);

        _catalog.Router = _router.Route;
        _catalog.IsOwned = grainId => _membership.CurrentView.GetOwner(grainId) == _local.Address;
        _membership.OnChanged(OnViewChanged);
        await _agent.JoinAsync(OnDeclaredDead, cancellationToken);
        ClusterLog.SiloJoined(_logger, _local.Address, _membership.CurrentView);
    }

    /// <summary>First step of a graceful stop: ShuttingDown, so the cluster routes this silo's grains elsewhere.</summary>
    public async Task BeginStopAsync(CancellationToken cancellationToken)
    {
        if (IsKilled)
        {
            return;
        }

        try
        {
            await _agent.BeginLeaveAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            ClusterLog.LeaveStepFailed(_logger, exception, "ShuttingDown");
        }
    }

    /// <summary>Last step of a graceful stop, after the grains deactivated: Dead, then the sockets close.</summary>
    public async Task CompleteStopAsync(CancellationToken cancellationToken)
    {
        if (IsKilled)
        {
            return;
        }

        try
        {
            await _agent.CompleteLeaveAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            ClusterLog.LeaveStepFailed(_logger, exception, "Dead");
        }

        await _membership.DisposeAsync();
        await _listener.Stop();
        await _connections.DisposeAsync();
        _outbound.FailAll(static request => new SiloUnavailableException($"The silo stopped before call {request.Method.DisplayName} to {request.Target} was answered."));
    }

    /// <summary>
    /// A crash, for tests: every socket drops at once, nothing more is written to the table and the
    /// activations vanish without deactivating. Peers find out by failed probes, as after a real crash.
    /// </summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _killed, 1) != 0)
        {
            return;
        }

        // Table writers first: once the kill has begun, nothing more may reach the membership table
        // (a crashed process writes no vote). Then the sockets drop and the activations vanish.
        await _agent.StopLoopsAsync();
        await _membership.DisposeAsync();
        _catalog.Abandon();
        var listenerAborted = _listener.Abort();
        _connections.AbortAll();
        await listenerAborted;
        _outbound.FailAll(static request => new SiloUnavailableException($"The silo crashed before call {request.Method.DisplayName} to {request.Target} was answered."));
    }

    private void OnViewChanged(ClusterView view, MembershipTableSnapshot snapshot)
    {
        if (IsKilled || !_local.HasAddress)
        {
            return;
        }

        var self = _local.Address;
        if (view.IsActive(self))
        {
            var moved = _catalog.DeactivateNotOwned(grainId => view.GetOwner(grainId) == self);
            if (moved > 0)
            {
                ClusterLog.GrainsMoved(_logger, moved, view);
            }
        }

        foreach (var dead in _outbound.FailCallsToNewlyDead(snapshot))
        {
            _connections.Forget(dead);
        }
    }

    private void OnDeclaredDead()
    {
        _declaredDead.TrySetResult();

        // Stop the process's host: a silo its peers voted out must not go on serving.
        _lifetime?.StopApplication();
    }
}
