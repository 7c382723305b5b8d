using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Messaging.Transport;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Messaging.Remote;

/// <summary>
/// Sends each call to the silo that owns its grain in this node's cluster view: into the local
/// catalog when that is this silo, else over the owner's connection. A "not owner" answer makes the
/// caller catch up with the responder's view and try once more; a second one fails the call.
/// </summary>
internal sealed class ClusterRouter
{
    private readonly ClusterMembershipService _membership;
    private readonly ConnectionManager _connections;
    private readonly OutboundCallTable _outbound;
    private readonly RemoteCallCodec _codec;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<Exception, object?> _onSendFailed;
    private readonly LocalSiloDetails? _self;
    private readonly Catalog? _catalog;

    /// <param name="membership">The cluster view to route by.</param>
    /// <param name="connections">Connections to silos.</param>
    /// <param name="outbound">Where sent calls wait for their responses.</param>
    /// <param name="codec">Serialises arguments.</param>
    /// <param name="time">Clock for the remaining time sent with each call.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="local">This silo and its catalog; null in a client, which owns no grains.</param>
    public ClusterRouter(
        ClusterMembershipService membership,
        ConnectionManager connections,
        OutboundCallTable outbound,
        RemoteCallCodec codec,
        TimeProvider time,
        ILogger<ClusterRouter> logger,
        (LocalSiloDetails Details, Catalog Catalog)? local)
    {
        _membership = membership;
        _connections = connections;
        _outbound = outbound;
        _codec = codec;
        _time = time;
        _logger = logger;
        _self = local?.Details;
        _onSendFailed = (exception, request) => OnSendFailed(exception, (GrainRequest)request!);
        _catalog = local?.Catalog;
    }

    /// <summary>Routes a started request (deadline armed) to its grain's owner.</summary>
    public void Route(GrainRequest request)
    {
        var view = _membership.CurrentView;
        var owner = view.GetOwner(request.Target);
        if (owner is null)
        {
            request.Fail(new SiloUnavailableException(
                $"No silo is active in the cluster (view {view.Version}); call {request.Method.DisplayName} to {request.Target} was not sent."));
            return;
        }

        if (_self is not null && owner == _self.Address)
        {
            _catalog!.Dispatch(request);
            return;
        }

        Send(owner, request, view.Version);
    }

    /// <summary>The owner we chose answered "not owner" at <paramref name="responderViewVersion"/>.</summary>
    public void OnNotOwner(GrainRequest request, long responderViewVersion)
    {
        if (request.Rerouted)
        {
            request.Fail(new SiloUnavailableException(
                $"The owner of {request.Target} moved twice while call {request.Method.DisplayName} was in flight; try again."));
            return;
        }

        request.Rerouted = true;
        _ = RerouteAsync(request, responderViewVersion);
    }

    private async Task RerouteAsync(GrainRequest request, long responderViewVersion)
    {
        try
        {
            // No longer than the call has left, and never more than 5 s: past its deadline the tracker
            // completes the call and this refresh stops mattering.
            var bound = TimeSpan.FromMilliseconds(Math.Min(RemainingMilliseconds(request), 5000));
            using var stop = new CancellationTokenSource(bound, _time);
            if (responderViewVersion > _membership.CurrentView.Version)
            {
                // The responder knows a newer view: wait until ours has caught up with it.
                await _membership.RefreshToAtLeastAsync(responderViewVersion, stop.Token);
            }
            else
            {
                // The responder is not newer (it could not catch up with us): read the table once.
                await _membership.RefreshAsync(stop.Token);
            }
        }
        catch (Exception exception)
        {
            // The table could not be read in time: route by what we have; a second refusal fails the call.
            RemoteLog.RefreshForRerouteFailed(_logger, exception, request.Target);
        }

        if (!request.IsCompleted)
        {
            Route(request);
        }
    }

    private void Send(SiloAddress owner, GrainRequest request, long viewVersion)
    {
        byte[] body;
        try
        {
            body = _codec.WriteArguments(request.Method, request.Arguments);
        }
        catch (Exception exception)
        {
            request.Fail(new InvalidOperationException($"The arguments of {request.Method.DisplayName} could not be serialised: {exception.Message}", exception));
            return;
        }

        var message = new Message
        {
            Kind = MessageKind.Request,
            Id = _outbound.Register(request, owner),
            Target = request.Target,
            MethodId = request.Method.Id,
            DeadlineMilliseconds = RemainingMilliseconds(request),
            ViewVersion = viewVersion,
            Body = body,
        };

        // Posted, not awaited: the answer comes as a response message; only a failed send needs telling.
        _connections.Post(owner, message, _onSendFailed, request);
    }

    private void OnSendFailed(Exception exception, GrainRequest request)
    {
        request.Fail(exception as SiloUnavailableException ?? new SiloUnavailableException(
            $"Call {request.Method.DisplayName} to {request.Target} could not be sent to {request.SentTo}: {exception.Message}"));

        // The owner may be gone: learn it from the table rather than wait for the next poll.
        _ = _membership.RefreshAsync(CancellationToken.None).ContinueWith(
            static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private int RemainingMilliseconds(GrainRequest request)
    {
        var remaining = (request.DeadlineTimestamp - _time.GetTimestamp()) * 1000 / _time.TimestampFrequency;
        return (int)Math.Clamp(remaining, 1, int.MaxValue);
    }
}
