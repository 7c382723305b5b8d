using LiveDash.Bench.Framework;
using LiveDash.Bench.Measuring;

namespace LiveDash.Bench.Scenarios.Cluster;

/// <summary>
/// Closed-loop <see cref="IPingGrain.PingAsync"/> calls, one grain per worker: the measurement of the
/// <c>cluster</c> scenario's rows, and the cross-silo call baseline of <c>streams</c>.
/// </summary>
internal static class CrossSiloCalls
{
    /// <summary>Measures <paramref name="inFlight"/> workers calling the first <paramref name="inFlight"/> of <paramref name="grains"/>; fails on a wrong answer.</summary>
    public static Task<Measurement> MeasureAsync(BenchContext context, int inFlight, IReadOnlyList<IPingGrain> grains)
    {
        var nextSlot = -1;
        return ThroughputMeter.MeasureAsync(context, inFlight, async worker =>
        {
            var grain = grains[Interlocked.Increment(ref nextSlot)];
            var argument = 0;
            while (worker.IsRunning)
            {
                var started = worker.BeginOperation();
                var result = await grain.PingAsync(argument);
                worker.EndOperation(started);
                if (result != argument + 1)
                {
                    throw new InvalidOperationException($"PingAsync({argument}) to {grain} returned {result}, expected {argument + 1}.");
                }

                argument = result;
            }
        });
    }
}
