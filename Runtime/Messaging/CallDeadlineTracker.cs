using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Messaging;

/// <summary>
/// Holds every call in flight and fails those past their deadline. One periodic scan replaces a
/// timer per call (the approach Orleans takes for its callbacks), so starting a call costs one
/// dictionary insert.
/// </summary>
internal sealed class CallDeadlineTracker : IDisposable
{
    private readonly ConcurrentDictionary<GrainRequest, byte> _inFlight = new(ReferenceEqualityComparer.Instance);
    private readonly TimeProvider _time;
    private readonly TimeSpan _responseTimeout;
    private readonly ITimer _scan;

    public CallDeadlineTracker(TimeProvider time, IOptions<MessagingOptions> options)
    {
        _time = time;
        _responseTimeout = options.Value.ResponseTimeout;
        var interval = options.Value.DeadlineCheckInterval;
        _scan = time.CreateTimer(static s => ((CallDeadlineTracker)s!).FailExpired(), this, interval, interval);
    }

    /// <summary>Calls currently in flight.</summary>
    public int Count => _inFlight.Count;

    public void Add(GrainRequest request) => _inFlight.TryAdd(request, 0);

    public void Remove(GrainRequest request) => _inFlight.TryRemove(request, out _);

    /// <summary>Fails every call whose deadline has passed; runs on the scan timer.</summary>
    public void FailExpired()
    {
        var now = _time.GetTimestamp();
        foreach (var (request, _) in _inFlight)
        {
            if (now >= request.DeadlineTimestamp)
            {
                request.TimeOut(_responseTimeout);
            }
        }
    }

    /// <summary>
    /// Fails <paramref name="request"/> now if its deadline has passed, without waiting for the next scan;
    /// true when it is (or already was) completed. An activation asks before running a queued call, so a
    /// call that expired while queued never runs late, even when the scan has not reached it yet.
    /// </summary>
    public bool ExpireIfDue(GrainRequest request)
    {
        if (!request.IsCompleted && _time.GetTimestamp() >= request.DeadlineTimestamp)
        {
            request.TimeOut(_responseTimeout);
        }

        return request.IsCompleted;
    }

    /// <summary>Fails every call still in flight; used when the silo stops, after which no deadline would fire.</summary>
    public void FailAll(Func<GrainRequest, Exception> error)
    {
        foreach (var (request, _) in _inFlight)
        {
            request.Fail(error(request));
        }
    }

    public void Dispose() => _scan.Dispose();
}
