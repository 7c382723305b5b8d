using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Messaging.Transport;
using LiveDash.Runtime.Streaming.Subscription;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Messaging.Remote;

/// <summary>
/// What a node does with each message its connections deliver: responses and probe replies complete
/// what waits for them; in a silo, requests for grains it owns go to the catalog (others get "not
/// owner") and probes are answered. Runs on the connection's reader loop, so nothing here blocks.
/// </summary>
internal sealed class RuntimeMessageHandler : IMessageHandler, IGrainResponseSink
{
    private readonly OutboundCallTable _outbound;
    private readonly RemoteCallCodec _codec;
    private readonly ClusterMembershipService _membership;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SiloParts? _silo;
    private readonly Action<Exception, object?> _onReplyFailed;
    private ClusterRouter? _router;
    private StreamSubscriberHub? _streams;

    public RuntimeMessageHandler(
        OutboundCallTable outbound,
        RemoteCallCodec codec,
        ClusterMembershipService membership,
        TimeProvider time,
        ILogger<RuntimeMessageHandler> logger,
        SiloParts? silo)
    {
        _outbound = outbound;
        _codec = codec;
        _membership = membership;
        _time = time;
        _logger = logger;
        _silo = silo;
        _onReplyFailed = (exception, reply) => RemoteLog.ReplyFailed(_logger, exception, ((Message)reply!).Id);
    }

    /// <summary>The router is built after the handler (it needs the connections, which need the handler).</summary>
    public void SetRouter(ClusterRouter router) => _router = router;

    /// <summary>The node's stream subscriptions, once created: stream items and connection losses go there too.</summary>
    public void SetStreams(StreamSubscriberHub streams) => Volatile.Write(ref _streams, streams);

    public void OnMessage(Message message, Connection connection)
    {
        try
        {
            switch (message.Kind)
            {
                case MessageKind.Request:
                    OnRequest(message, connection);
                    break;
                case MessageKind.Response:
                    OnResponse(message);
                    break;
                case MessageKind.Probe:
                    Reply(connection, new Message { Kind = MessageKind.ProbeReply, Id = message.Id, ViewVersion = _membership.CurrentView.Version });
                    break;
                case MessageKind.StreamItem:
                    Volatile.Read(ref _streams)?.OnItemMessage(message);
                    break;
                case MessageKind.ProbeReply:
                    if (_outbound.TryTake(message.Id, out var pending) && pending is PendingProbe probe)
                    {
                        probe.Complete(true);
                    }

                    break;
            }
        }
        catch (Exception exception)
        {
            RemoteLog.MessageFailed(_logger, exception, message.Kind.ToString(), connection.Remote?.ToString() ?? "a client");
        }
    }

    public void OnConnectionClosed(Connection connection, Exception? reason)
    {
        // Any connection with the silo, either direction: both drop together when it crashes, stops
        // or is partitioned away, and a call that fails here is retryable.
        if (connection.Remote is not { } silo)
        {
            return;
        }

        Volatile.Read(ref _streams)?.OnConnectionClosed(silo, reason);
        var failed = _outbound.FailAllTo(silo, request => new SiloUnavailableException(
            $"The connection to silo {silo} closed before call {request.Method.DisplayName} to {request.Target} was answered" +
            (reason is null ? "." : $": {reason.Message}")));
        if (failed > 0)
        {
            RemoteLog.ConnectionLost(_logger, silo, failed);
        }
    }

    public void OnResult<TResult>(GrainRequest request, TResult result)
    {
        byte[] body;
        try
        {
            body = _codec.WriteResult(result);
        }
        catch (Exception exception)
        {
            OnException(request, new InvalidOperationException($"The result of {request.Method.DisplayName} could not be serialised: {exception.Message}", exception));
            return;
        }

        Reply((Connection)request.ReplyTo!, new Message { Kind = MessageKind.Response, Id = request.ReplyId, Status = MessageStatus.Ok, Body = body });
    }

    public void OnException(GrainRequest request, Exception exception)
        => Reply((Connection)request.ReplyTo!, new Message
        {
            Kind = MessageKind.Response,
            Id = request.ReplyId,
            Status = MessageStatus.Error,
            Body = RemoteCallCodec.WriteException(exception),
        });

    private void OnRequest(Message message, Connection connection)
    {
        if (_silo is null)
        {
            ReplyError(connection, message, new SiloUnavailableException("A cluster client hosts no grains."));
            return;
        }

        var view = _membership.CurrentView;
        if (view.GetOwner(message.Target) != _silo.Details.Address)
        {
            if (message.ViewVersion > view.Version)
            {
                // The caller knows a newer view: catch up before judging ownership.
                _ = CatchUpThenHandleAsync(message, connection);
                return;
            }

            Reply(connection, new Message { Kind = MessageKind.Response, Id = message.Id, Status = MessageStatus.NotOwner, ViewVersion = view.Version });
            return;
        }

        if (!_silo.Methods.TryGet(message.MethodId, out var method))
        {
            ReplyError(connection, message, new InvalidOperationException($"Method id {message.MethodId} is unknown to silo {_silo.Details.Address}: do both run the same grain interfaces?"));
            return;
        }

        object?[] arguments;
        try
        {
            arguments = _codec.ReadArguments(method, message.Body.Span);
        }
        catch (Exception exception)
        {
            ReplyError(connection, message, new InvalidOperationException($"The arguments of {method.DisplayName} could not be read: {exception.Message}", exception));
            return;
        }

        var request = method.CreateIncomingRequest(message.Target, arguments, this);
        request.ReplyTo = connection;
        request.ReplyId = message.Id;
        var remaining = message.DeadlineMilliseconds > 0 ? Math.Min(message.DeadlineMilliseconds, _silo.ResponseTimeoutMilliseconds) : _silo.ResponseTimeoutMilliseconds;
        request.Start(_silo.Deadlines, _time.GetTimestamp() + (remaining * _time.TimestampFrequency / 1000));
        _silo.Catalog.Dispatch(request);
    }

    private async Task CatchUpThenHandleAsync(Message message, Connection connection)
    {
        try
        {
            // No longer than the call may wait, and never more than 5 s: the reader loop is not held
            // (this runs off it), but the caller is.
            var bound = message.DeadlineMilliseconds > 0 ? Math.Min(message.DeadlineMilliseconds, 5000) : 5000;
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(bound), _time);
            await _membership.RefreshToAtLeastAsync(message.ViewVersion, stop.Token);
        }
        catch (Exception exception)
        {
            RemoteLog.MessageFailed(_logger, exception, "view catch-up", connection.Remote?.ToString() ?? "a client");
        }

        // Judged by whatever view we now have; an older one than the caller's answers "not owner" with it.
        message.ViewVersion = Math.Min(message.ViewVersion, _membership.CurrentView.Version);
        OnRequest(message, connection);
    }

    private void OnResponse(Message message)
    {
        if (!_outbound.TryTake(message.Id, out var pending) || pending is not GrainRequest request)
        {
            // Answered after its deadline, or the connection was failed already: the caller has its answer.
            return;
        }

        switch (message.Status)
        {
            case MessageStatus.Ok:
                request.CompleteFromResponse(_codec, message.Body.Span);
                break;
            case MessageStatus.NotOwner:
                _router!.OnNotOwner(request, message.ViewVersion);
                break;
            case MessageStatus.Expired:
                request.Fail(new TimeoutException($"Grain call {request.Method.DisplayName} to {request.Target} expired before silo {request.SentTo} ran it."));
                break;
            case MessageStatus.Unavailable:
                request.Fail(new SiloUnavailableException($"Silo {request.SentTo} could not run call {request.Method.DisplayName} to {request.Target}."));
                break;
            default:
                request.Fail(RemoteCallCodec.ReadException(message.Body.Span));
                break;
        }
    }

    private void ReplyError(Connection connection, Message request, Exception exception)
        => Reply(connection, new Message { Kind = MessageKind.Response, Id = request.Id, Status = MessageStatus.Error, Body = RemoteCallCodec.WriteException(exception) });

    /// <summary>
    /// Sends without waiting: this may run on a connection's reader loop or a grain's turn. Posted, so
    /// a reply costs no await; a failed one is only logged (the caller's deadline or the connection's
    /// loss tells the caller).
    /// </summary>
    private void Reply(Connection connection, Message message) => connection.Post(message, _onReplyFailed, message);

    /// <summary>What only a silo has: its address, catalog, deadlines and method table.</summary>
    internal sealed record SiloParts(LocalSiloDetails Details, Catalog Catalog, CallDeadlineTracker Deadlines, GrainMethodTable Methods, int ResponseTimeoutMilliseconds);
}
