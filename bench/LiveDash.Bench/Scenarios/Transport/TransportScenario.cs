using System.Globalization;
using LiveDash.Bench.Baselines;
using LiveDash.Bench.Framework;
using LiveDash.Bench.Measuring;

namespace LiveDash.Bench.Scenarios.Transport;

/// <summary>
/// Loopback ping-pong of 64-byte frames with 1, 16 and 256 requests in flight (closed-loop workers
/// sharing one connection): a plain socket echo (baseline) against the runtime's transport.
/// </summary>
internal sealed class TransportScenario : IBenchScenario
{
    private static readonly int[] s_inFlight = [1, 16, 256];

    public string Name => "transport";

    public string Description => "64-byte request/response over 127.0.0.1, 1/16/256 in flight: raw socket vs Connection";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context)
    {
        var results = new List<BenchResult>();
        foreach (var inFlight in s_inFlight)
        {
            var parameters = string.Create(CultureInfo.InvariantCulture, $"inflight={inFlight}");

            context.Log.WriteLine($"{Name}: raw-socket, {parameters}");
            await using (var raw = await RawSocketPingPong.StartAsync(inFlight, context.CancellationToken))
            {
                var measurement = await MeasureAsync(context, inFlight, raw.PingAsync);
                results.Add(measurement.ToResult(Name, "raw-socket", parameters, isBaseline: true));
            }

            context.Log.WriteLine($"{Name}: transport, {parameters}");
            await using (var transport = await TransportPingPong.StartAsync(inFlight, context.CancellationToken))
            {
                var measurement = await MeasureAsync(context, inFlight, transport.PingAsync);
                results.Add(measurement.ToResult(Name, "transport", parameters, isBaseline: false));
            }
        }

        return results;
    }

    private static Task<Measurement> MeasureAsync(BenchContext context, int inFlight, Func<int, ValueTask> ping)
    {
        var nextSlot = -1;
        return ThroughputMeter.MeasureAsync(context, inFlight, async worker =>
        {
            var slot = Interlocked.Increment(ref nextSlot);
            while (worker.IsRunning)
            {
                var started = worker.BeginOperation();
                await ping(slot);
                worker.EndOperation(started);
            }
        });
    }
}
