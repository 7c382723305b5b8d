using System.Collections.Concurrent;
using System.Diagnostics;
using LiveDash.Bench.Measuring;

namespace LiveDash.Bench.Scenarios.EndToEnd;

/// <summary>
/// What was sent and what arrived, per metric. Every point's value is its send time (microseconds
/// since <see cref="Epoch"/>, increasing), so a metric's series <c>max</c> in an event is the newest
/// point the event covers: every point sent up to that time has been applied. When an event arrives,
/// the points it newly covers are taken off the metric's queue and each one's publish→receive latency
/// (arrival − its send time) is recorded — so a point that waited in a coalescing window is counted
/// with its whole wait, not only the newest point of the event.
/// </summary>
internal sealed class PointLedger
{
    private readonly ConcurrentQueue<SentPoints>[] _sent;
    private readonly LatencyHistogram _latency = new();
    private long _timedStart = long.MaxValue;
    private long _timedEnd = long.MaxValue;
    private long _timedSent;
    private long _timedDelivered;
    private long _timedEvents;
    private int _sendingEnded;
    private readonly TaskCompletionSource _allDelivered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PointLedger(int metrics)
    {
        _sent = new ConcurrentQueue<SentPoints>[metrics];
        for (var i = 0; i < metrics; i++)
        {
            _sent[i] = new ConcurrentQueue<SentPoints>();
        }
    }

    /// <summary>The clock origin of the values sent (a <see cref="Stopwatch"/> timestamp).</summary>
    public long Epoch { get; } = Stopwatch.GetTimestamp();

    /// <summary>Points sent in the timed window.</summary>
    public long TimedSent => Interlocked.Read(ref _timedSent);

    /// <summary>Points sent in the timed window that have arrived.</summary>
    public long TimedDelivered => Interlocked.Read(ref _timedDelivered);

    /// <summary>Events (any topic) that arrived within the timed window.</summary>
    public long TimedEvents => Interlocked.Read(ref _timedEvents);

    /// <summary>Publish→receive latency of the timed window's points (read once the receiver has stopped).</summary>
    public LatencyHistogram Latency => _latency;

    /// <summary>A send time as the value carried: whole microseconds since <see cref="Epoch"/>.</summary>
    public long ToValue(long timestamp) => (timestamp - Epoch) * 1_000_000 / Stopwatch.Frequency;

    public void StartTimed(long timestamp) => Volatile.Write(ref _timedStart, timestamp);

    public void EndTimed(long timestamp) => Volatile.Write(ref _timedEnd, timestamp);

    /// <summary>
    /// Called once the sender has stopped (no more points of the timed window can be sent); the task
    /// completes when every point sent in the timed window has arrived.
    /// </summary>
    public Task SendingEndedAsync()
    {
        Volatile.Write(ref _sendingEnded, 1);
        CheckAllDelivered();
        return _allDelivered.Task;
    }

    /// <summary>Records <paramref name="count"/> points of <paramref name="metric"/> sent at <paramref name="timestamp"/> (before the request goes out).</summary>
    public void Sent(int metric, long timestamp, int count)
    {
        var timed = IsTimed(timestamp);
        if (timed)
        {
            Interlocked.Add(ref _timedSent, count);
        }

        _sent[metric].Enqueue(new SentPoints(ToValue(timestamp), timestamp, count, timed));
    }

    /// <summary>
    /// An event of <paramref name="metric"/> arrived at <paramref name="arrival"/> covering every point up to
    /// value <paramref name="newestValue"/>. Called from the one receiving loop only.
    /// </summary>
    public void Received(int metric, double newestValue, long arrival)
    {
        if (IsTimed(arrival))
        {
            Interlocked.Increment(ref _timedEvents);
        }

        var queue = _sent[metric];
        while (queue.TryPeek(out var next) && next.Value <= newestValue)
        {
            queue.TryDequeue(out _);
            if (next.Timed)
            {
                for (var i = 0; i < next.Count; i++)
                {
                    _latency.Record(arrival - next.Timestamp);
                }

                Interlocked.Add(ref _timedDelivered, next.Count);
            }
        }

        CheckAllDelivered();
    }

    private void CheckAllDelivered()
    {
        if (Volatile.Read(ref _sendingEnded) == 1 && TimedDelivered >= TimedSent)
        {
            _allDelivered.TrySetResult();
        }
    }

    private bool IsTimed(long timestamp) => timestamp >= Volatile.Read(ref _timedStart) && timestamp < Volatile.Read(ref _timedEnd);

    private readonly record struct SentPoints(long Value, long Timestamp, int Count, bool Timed);
}
