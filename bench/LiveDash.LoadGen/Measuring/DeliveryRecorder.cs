using System.Collections.Concurrent;
using System.Diagnostics;
using LiveDash.Bench.Measuring;

namespace LiveDash.LoadGen.Measuring;

/// <summary>
/// Counts deliveries and their publish-to-arrival latency during the timed window only. Receive
/// loops run on thread-pool threads, so each thread records into its own histogram (no lock, no
/// allocation per delivery); <see cref="Merge"/> adds them up once the window is closed and the
/// loops have stopped.
/// </summary>
internal sealed class DeliveryRecorder
{
    [ThreadStatic]
    private static LatencyHistogram? s_threadHistogram;

    private readonly ConcurrentBag<LatencyHistogram> _histograms = [];
    private volatile bool _recording;
    private long _outsideWindow;
    private int _liveClients;
    private long _windowStartUnixMicroseconds = long.MaxValue;

    /// <summary>Deliveries seen before or after the window (connect, warm-up, shutdown).</summary>
    public long OutsideWindow => Interlocked.Read(ref _outsideWindow);

    /// <summary>Clients that have received at least one event, in or out of the window.</summary>
    public int LiveClients => Volatile.Read(ref _liveClients);

    /// <summary>Called (on a receive loop's thread) each time a client receives its first event.</summary>
    public Action? ClientWentLive { get; set; }

    /// <summary>
    /// Count only events published after the window opened (their timestamp), not every arrival in it: a held
    /// window whose caller publishes its own events, where an update repeating an older value (a metric's rate
    /// window expiring a minute after its point) is not one of them. Set before <see cref="Start"/>.
    /// </summary>
    public bool OnlyPublishedInWindow { get; set; }

    public void Start()
    {
        _windowStartUnixMicroseconds = UnixMicrosecondsNow();
        _recording = true;
    }

    /// <summary>A client's first event: it is connected and its stream carries events.</summary>
    public void RecordFirstDelivery()
    {
        Interlocked.Increment(ref _liveClients);
        ClientWentLive?.Invoke();
    }

    public void Stop() => _recording = false;

    /// <summary>Unix microseconds now, on the same clock the publishers stamp events with.</summary>
    public static long UnixMicrosecondsNow() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>Records one delivery; true when it fell inside the window (and was counted).</summary>
    public bool Record(long publishedUnixMicroseconds, long arrivedUnixMicroseconds)
    {
        if (!_recording || (OnlyPublishedInWindow && publishedUnixMicroseconds < _windowStartUnixMicroseconds))
        {
            Interlocked.Increment(ref _outsideWindow);
            return false;
        }

        var histogram = s_threadHistogram;
        if (histogram is null)
        {
            histogram = new LatencyHistogram();
            _histograms.Add(histogram);
            s_threadHistogram = histogram;
        }

        // The histogram counts Stopwatch ticks; a small negative difference (clock read order) counts as 0.
        var micros = Math.Max(0, arrivedUnixMicroseconds - publishedUnixMicroseconds);
        histogram.Record(micros * Stopwatch.Frequency / 1_000_000);
        return true;
    }

    public LatencyHistogram Merge()
    {
        var total = new LatencyHistogram();
        foreach (var histogram in _histograms)
        {
            total.Add(histogram);
        }

        return total;
    }
}
