using System.Diagnostics;
using LiveDash.Bench.Framework;

namespace LiveDash.Bench.Measuring;

/// <summary>
/// Measures closed-loop throughput: N workers each run the scenario's loop for a warm-up, then for
/// a timed phase of fixed length; operations completed in the timed phase are counted, and the
/// process's allocated bytes are read before and after it (<c>GC.GetTotalAllocatedBytes(precise: true)</c>),
/// so bytes per operation include everything the work allocates on any thread.
/// </summary>
internal sealed class ThroughputMeter
{
    private int _phase = (int)MeasurementPhase.WarmUp;

    private ThroughputMeter()
    {
    }

    public MeasurementPhase Phase => (MeasurementPhase)Volatile.Read(ref _phase);

    /// <summary>
    /// Runs <paramref name="workerLoop"/> on <paramref name="concurrency"/> workers through a
    /// warm-up and a timed phase, waits for every loop to return, and reports the timed phase.
    /// </summary>
    public static async Task<Measurement> MeasureAsync(BenchContext context, int concurrency, Func<BenchWorker, Task> workerLoop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);

        var meter = new ThroughputMeter();
        var workers = new BenchWorker[concurrency];
        var loops = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            var worker = workers[i] = new BenchWorker(meter);
            loops[i] = Task.Run(() => workerLoop(worker));
        }

        long allocatedBefore;
        long allocatedAfter;
        TimeSpan elapsed;
        try
        {
            await Task.Delay(context.Warmup, context.CancellationToken);

            allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var started = Stopwatch.GetTimestamp();
            meter.SetPhase(MeasurementPhase.Timed);

            await Task.Delay(context.Duration, context.CancellationToken);

            meter.SetPhase(MeasurementPhase.Stopped);
            elapsed = Stopwatch.GetElapsedTime(started);
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

        return new Measurement(operations, elapsed, allocatedAfter - allocatedBefore, latency);
    }

    private void SetPhase(MeasurementPhase phase) => Volatile.Write(ref _phase, (int)phase);
}
