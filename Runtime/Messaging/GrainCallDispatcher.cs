using LiveDash.Runtime.Activation;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Messaging;

/// <summary>
/// Where proxies send calls: stamps the deadline, then hands the request to the grain's activation
/// in this silo. (Routing to other silos joins here with the cluster.)
/// </summary>
internal sealed class GrainCallDispatcher
{
    private readonly Catalog _catalog;
    private readonly CallDeadlineTracker _deadlines;
    private readonly TimeProvider _time;
    private readonly long _responseTimeoutTicks;

    public GrainCallDispatcher(Catalog catalog, CallDeadlineTracker deadlines, TimeProvider time, IOptions<MessagingOptions> options)
    {
        _catalog = catalog;
        _deadlines = deadlines;
        _time = time;
        _responseTimeoutTicks = (long)(options.Value.ResponseTimeout.TotalSeconds * time.TimestampFrequency);
    }

    public void Send(GrainRequest request)
    {
        request.Start(_deadlines, _time.GetTimestamp() + _responseTimeoutTicks);
        _catalog.Dispatch(request);
    }
}
