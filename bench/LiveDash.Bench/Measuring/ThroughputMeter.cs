using System.Diagnostics;
using LiveDash.Bench.Framework;

namespace LiveDash.Bench.Measuring;

/// <summary>
/// Measures closed-loop throughput: N workers each run the scenario's loop for a warm-up, then for
/// a timed phase of fixed length; operations completed in the timed phase are counted, and the
/// process's allocated bytes are read before and after it (<c>GC.GetTotalAllocatedBytes(precise: true)</c>),
/// so bytes per operation include everything the work allocates on any thread; the process's CPU
/// time is read the same way (<see cref="Environment.CpuUsage"/>).
/// </summary>
internal sealed class ThroughputMeter
{
    private readonly Action<MeasurementPhase>? _phaseChanged;
    private int _phase = (int)MeasurementPhase.WarmUp;

    private ThroughputMeter(Action<MeasurementPhase>? phaseChanged)
    {
        _phaseChanged = phaseChanged;
    }

    public MeasurementPhase Phase => (MeasurementPhase)Volatile.Read(ref _phase);

    /// <summary>
    /// Runs <paramref name="workerLoop"/> on <paramref name="concurrency"/> workers through a
    /// warm-up and a timed phase, waits for every loop to return, and reports the timed phase.
    /// <paramref name="phaseChanged"/>, when given, hears each phase change right after the workers
    /// would, so what is counted elsewhere (a stream observer's deliveries) covers the same window.
    /// </summary>
    public static async Task<Measurement> MeasureAsync(BenchContext context, int concurrency, Func<BenchWorker, Task> workerLoop, Action<MeasurementPhase>? phaseChanged = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);

        var meter = new ThroughputMeter(phaseChanged);
        var workers = new BenchWorker[concurrency];
        var loops = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            var worker = workers[i] = new BenchWorker(meter);
            loops[i] = Task.Run(() => workerLoop(worker));
        }

        long allocatedBefore;
        long allocatedAfter;
        TimeSpan processorBefore;
        TimeSpan processorAfter;
        TimeSpan elapsed;
        try
        {
            await Task.Delay(context.Warmup, context.CancellationToken);

            allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            processorBefore = Environment.CpuUsage.TotalTime;
            var started = Stopwatch.GetTimestamp();
            meter.SetPhase(MeasurementPhase.Timed);

            await Task.Delay(context.Duration, context.CancellationToken);

            meter.SetPhase(MeasurementPhase.Stopped);
            elapsed = Stopwatch.GetElapsedTime(started);
            processorAfter = Environment.CpuUsage.TotalTime;
            allocatedAfter = GC.GetTotalAllocatedBytes(precise: true);
        }
        finally
        {
            // Also on cancellation or a failed loop: no worker may outlive its measurement.
            meter.SetPhase(MeasurementPhase.Stopped);
            await Task.WhenAll(loops);
        }

        var latency = new LatencyHistogram();
        long operations = 0;
        foreach (var worker in workers)
        {
            operations += worker.Operations;
            latency.Add(worker.Latency);
        }

        return new Measurement(operations, elapsed, allocatedAfter - allocatedBefore, latency, processorAfter - processorBefore);
    }

    private void SetPhase(MeasurementPhase phase)
    {
        Volatile.Write(ref _phase, (int)phase);
        _phaseChanged?.Invoke(phase);
    }
}
