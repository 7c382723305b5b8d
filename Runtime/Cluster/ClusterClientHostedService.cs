using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Messaging.Remote;
using LiveDash.Runtime.Messaging.Transport;
using LiveDash.Runtime.Placement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Cluster;

/// <summary>
/// The cluster client as a hosted service: on start it reads the membership table until an Active
/// silo is there (so the first call has somewhere to go) and keeps its view current; calls to a silo
/// declared dead fail at once instead of waiting for their deadline. On stop it fails what is in flight.
/// </summary>
internal sealed class ClusterClientHostedService : IHostedService
{
    private readonly ClusterMembershipService _membership;
    private readonly ConnectionManager _connections;
    private readonly OutboundCallTable _outbound;
    private readonly ClusterRouter _router;
    private readonly RuntimeMessageHandler _handler;
    private readonly CallDeadlineTracker _deadlines;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ClusterClientHostedService(
        ClusterMembershipService membership,
        ConnectionManager connections,
        OutboundCallTable outbound,
        ClusterRouter router,
        RuntimeMessageHandler handler,
        CallDeadlineTracker deadlines,
        TimeProvider time,
        ILogger<ClusterClientHostedService> logger)
    {
        _membership = membership;
        _connections = connections;
        _outbound = outbound;
        _router = router;
        _handler = handler;
        _deadlines = deadlines;
        _time = time;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _handler.SetRouter(_router);
        _membership.OnChanged(OnViewChanged);
        await _membership.Table.InitializeAsync(cancellationToken);
        await _membership.StartAsync(cancellationToken);

        // Calls made before any silo joined would fail at once: wait (as long as the host lets us).
        var waited = false;
        while (_membership.CurrentView.ActiveSilos.IsEmpty)
        {
            if (!waited)
            {
                ClusterLog.ClientWaitingForSilos(_logger);
                waited = true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken);
            await _membership.RefreshAsync(cancellationToken);
        }

        ClusterLog.ClientConnected(_logger, _membership.CurrentView);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _membership.DisposeAsync();
        await _connections.DisposeAsync();
        _outbound.FailAll(static request => new SiloUnavailableException($"The cluster client stopped before call {request.Method.DisplayName} to {request.Target} was answered."));
        _deadlines.FailAll(static request => new SiloUnavailableException($"The cluster client stopped before call {request.Method.DisplayName} to {request.Target} completed."));
        _deadlines.Dispose();
    }

    private void OnViewChanged(ClusterView view, MembershipTableSnapshot snapshot)
    {
        foreach (var dead in _outbound.FailCallsToNewlyDead(snapshot))
        {
            _connections.Forget(dead);
        }
    }
}
