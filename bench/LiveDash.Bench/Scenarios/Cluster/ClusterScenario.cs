using System.Globalization;
using LiveDash.Bench.Baselines;
using LiveDash.Bench.Framework;
using LiveDash.Bench.Measuring;

namespace LiveDash.Bench.Scenarios.Cluster;

/// <summary>
/// Grain calls across silos with 1, 16 and 256 calls in flight (closed-loop workers, one grain each)
/// in a two-silo <see cref="BenchCluster"/>, against the raw loopback-socket ping-pong at the same
/// levels: from the cluster client (every call crosses TCP to its owner) and from inside silo 1 to
/// grains silo 2 owns.
/// </summary>
internal sealed class ClusterScenario : IBenchScenario
{
    /// <summary>Header of the column that compares throughput with the raw socket's (higher is better).</summary>
    public const string OfRawHeader = "x raw";

    private static readonly int[] s_inFlight = [1, 16, 256];

    public string Name => "cluster";

    public string Description => "cross-silo grain calls (client -> silo, silo -> silo), 1/16/256 in flight, vs raw socket ping-pong";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context)
    {
        context.Log.WriteLine($"{Name}: starting 2 silos and a client");
        await using var cluster = await BenchCluster.StartAsync(s_inFlight.Max());
        context.Log.WriteLine($"{Name}: client grains p-0..p-{s_inFlight.Max() - 1}: {cluster.ClientGrainsOnFirstSilo} on silo 1, the rest on silo 2");

        var results = new List<BenchResult>();
        foreach (var inFlight in s_inFlight)
        {
            var parameters = string.Create(CultureInfo.InvariantCulture, $"inflight={inFlight}");

            // The three run back to back, so each level's ratios compare figures taken together.
            context.Log.WriteLine($"{Name}: raw-socket, {parameters}");
            Measurement raw;
            await using (var pingPong = await RawSocketPingPong.StartAsync(inFlight, context.CancellationToken))
            {
                raw = await MeasureAsync(context, inFlight, pingPong.PingAsync);
            }

            context.Log.WriteLine($"{Name}: client->silo, {parameters}");
            var fromClient = await CrossSiloCalls.MeasureAsync(context, inFlight, cluster.FromClient);

            context.Log.WriteLine($"{Name}: silo->silo, {parameters}");
            var fromSilo = await CrossSiloCalls.MeasureAsync(context, inFlight, cluster.FromSilo);

            results.Add(WithOfRaw(raw.ToResult(Name, "raw-socket", parameters, isBaseline: true), raw));
            results.Add(WithOfRaw(fromClient.ToResult(Name, "client->silo", parameters, isBaseline: false), raw));
            results.Add(WithOfRaw(fromSilo.ToResult(Name, "silo->silo", parameters, isBaseline: false), raw));
        }

        return results;
    }

    // The goal is stated as a fraction of the raw socket's round trips, so it gets its own
    // column: calls/s ÷ raw round trips/s (the ratio column is the inverse, time per operation).
    private static BenchResult WithOfRaw(BenchResult result, Measurement raw) => result with
    {
        Extras =
        [
            .. result.Extras,
            new BenchColumn(OfRawHeader, (result.OperationsPerSecond / raw.OperationsPerSecond).ToString("0.00", CultureInfo.InvariantCulture)),
        ],
    };

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
