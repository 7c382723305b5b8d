using System.Diagnostics;

namespace LiveDash.Bench.Measuring;

/// <summary>
/// One closed-loop worker of a <see cref="ThroughputMeter"/>: the scenario's loop asks
/// <see cref="IsRunning"/>, brackets each operation with <see cref="BeginOperation"/> and
/// <see cref="EndOperation"/>, and awaits the operation before starting the next. Counting and
/// timing are per worker, so workers share nothing while they run.
/// </summary>
internal sealed class BenchWorker
{
    private readonly ThroughputMeter _meter;

    public BenchWorker(ThroughputMeter meter)
    {
        _meter = meter;
    }

    /// <summary>False once the timed phase has ended: the loop should return.</summary>
    public bool IsRunning => _meter.Phase != MeasurementPhase.Stopped;

    /// <summary>Operations completed during the timed phase.</summary>
    public long Operations { get; private set; }

    /// <summary>Latency of the operations counted in <see cref="Operations"/>.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Returns the start timestamp to hand to <see cref="EndOperation"/>.</summary>
    public long BeginOperation() => Stopwatch.GetTimestamp();

    public void EndOperation(long startTimestamp)
    {
        // Operations ending in the warm-up are not counted, nor those ending after the stop, so
        // the count matches the timed phase's elapsed time and allocation delta.
        if (_meter.Phase == MeasurementPhase.Timed)
        {
            Latency.Record(Stopwatch.GetTimestamp() - startTimestamp);
            Operations++;
        }
    }
}
