using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Messaging;

/// <summary>
/// Where proxies send calls: stamps the deadline, then delivers the request — into this silo's
/// catalog when the silo runs alone, through the cluster router (to the grain's owner) in a cluster
/// or a cluster client.
/// </summary>
internal sealed class GrainCallDispatcher
{
    private readonly CallDeadlineTracker _deadlines;
    private readonly TimeProvider _time;
    private readonly Action<GrainRequest> _deliver;
    private readonly long _responseTimeoutTicks;

    public GrainCallDispatcher(CallDeadlineTracker deadlines, TimeProvider time, IOptions<MessagingOptions> options, Action<GrainRequest> deliver)
    {
        _deadlines = deadlines;
        _time = time;
        _deliver = deliver;
        _responseTimeoutTicks = (long)(options.Value.ResponseTimeout.TotalSeconds * time.TimestampFrequency);
    }

    public void Send(GrainRequest request)
    {
        request.Start(_deadlines, _time.GetTimestamp() + _responseTimeoutTicks);
        _deliver(request);
    }
}
