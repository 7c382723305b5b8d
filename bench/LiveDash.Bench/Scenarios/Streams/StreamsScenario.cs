using System.Globalization;
using LiveDash.Bench.Framework;
using LiveDash.Bench.Measuring;
using LiveDash.Bench.Scenarios.Cluster;
using LiveDash.Runtime.Serialization;
using LiveDash.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>
/// One producer grain's stream delivered to two subscriber nodes (cluster clients, one observer each)
/// in a two-silo <see cref="BenchCluster"/>, with 1 and 64 items in flight end to end (closed-loop
/// workers in the producer's silo: publish, then wait until both nodes handled the item): items/s per
/// subscriber and publish→handler latency, against cross-silo calls (the <c>cluster</c> scenario's
/// client->silo rows) at the same level, measured in the same run just before. The producer is measured
/// as the application's grains are (not reentrant) and, to show what its turn costs, reentrant.
/// </summary>
internal sealed class StreamsScenario : IBenchScenario
{
    /// <summary>Header of the column that compares throughput with the calls' (higher is better).</summary>
    public const string OfCallHeader = "x call";

    /// <summary>Header of the column that compares p50 latency with the call's round trip (lower is better).</summary>
    public const string LatencyOfCallHeader = "p50 x rtt";

    /// <summary>Header of the column with the process's CPU time per operation.</summary>
    public const string ProcessorHeader = "CPU µs/op";

    private static readonly int[] s_inFlight = [1, 64];
    private static readonly StreamProducerKind[] s_producers = [StreamProducerKind.Turn, StreamProducerKind.Reentrant];

    public string Name => "streams";

    public string Description => "one grain's stream to 2 client nodes, 1/64 items in flight: items/s, publish->handler latency, vs cross-silo calls";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context)
    {
        context.Log.WriteLine($"{Name}: starting 2 silos and 2 clients");
        await using var cluster = await BenchCluster.StartAsync(
            s_inFlight.Max(),
            builder => builder.ConfigureHost(host => host.ConfigureServices(services =>
                services.Configure<SerializationOptions>(o => o.TypeInfoResolvers.Add(StreamBenchJsonContext.Default)))));
        ClientHandle[] subscribers = [cluster.Cluster.PrimaryClient, await cluster.Cluster.StartAdditionalClientAsync()];
        await cluster.Cluster.WaitForLivenessToStabilizeAsync();

        var results = new List<BenchResult>();
        foreach (var inFlight in s_inFlight)
        {
            var parameters = string.Create(CultureInfo.InvariantCulture, $"inflight={inFlight}");

            // Back to back, so each level's ratios compare figures taken together.
            context.Log.WriteLine($"{Name}: client->silo calls, {parameters}");
            var calls = await CrossSiloCalls.MeasureAsync(context, inFlight, cluster.FromClient);

            results.Add(Compared(calls.ToResult(Name, "client->silo", parameters, isBaseline: true), calls, calls));

            // A smoke run checks the issue's producer only; the reentrant one is the same path, faster.
            foreach (var producer in context.Quick ? s_producers[..1] : s_producers)
            {
                context.Log.WriteLine($"{Name}: {producer.Variant} ({producer.GrainType}) to {subscribers.Length} clients, {parameters}");
                var stream = await StreamBenchRun.MeasureAsync(context, cluster.Cluster, subscribers, producer, inFlight);
                context.Log.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Name}: producer on {stream.Producer}; {stream.Subscribers[0].Items:N0} items, each handled once and in order by {string.Join(" and ", stream.Subscribers.Select(s => s.Node))}; " +
                    $"fetched again by lease renewals while in flight: {string.Join(" and ", stream.Statistics.Select(s => s.Recovered))}"));
                foreach (var subscriber in stream.Subscribers)
                {
                    var measured = stream.Of(subscriber);
                    results.Add(Compared(measured.ToResult(Name, $"{producer.Variant}->{subscriber.Node}", parameters, isBaseline: false), measured, calls));
                }
            }
        }

        return results;
    }

    // The issue asks for items/s beside calls/s and latency beside the call's round trip, so both get a
    // column in that direction (the ratio column stays the house's: time per operation, the inverse).
    private static BenchResult Compared(BenchResult result, Measurement measured, Measurement calls) => result with
    {
        Extras =
        [
            .. result.Extras,
            new BenchColumn(OfCallHeader, (measured.OperationsPerSecond / calls.OperationsPerSecond).ToString("0.00", CultureInfo.InvariantCulture)),
            new BenchColumn(LatencyOfCallHeader, (measured.Latency.PercentileMicroseconds(0.50) / calls.Latency.PercentileMicroseconds(0.50)).ToString("0.00", CultureInfo.InvariantCulture)),
            new BenchColumn(ProcessorHeader, measured.ProcessorMicrosecondsPerOperation.ToString("0.0", CultureInfo.InvariantCulture)),
        ],
    };
}
