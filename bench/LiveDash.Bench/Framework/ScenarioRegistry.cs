using LiveDash.Bench.Scenarios.Calls;
using LiveDash.Bench.Scenarios.Cluster;
using LiveDash.Bench.Scenarios.EndToEnd;
using LiveDash.Bench.Scenarios.Fanout;
using LiveDash.Bench.Scenarios.Ingest;
using LiveDash.Bench.Scenarios.Storm;
using LiveDash.Bench.Scenarios.Streams;
using LiveDash.Bench.Scenarios.Transport;

namespace LiveDash.Bench.Framework;

/// <summary>The scenarios <c>./livedash bench</c> knows, in the order they run.</summary>
internal sealed class ScenarioRegistry
{
    private ScenarioRegistry(IReadOnlyList<IBenchScenario> scenarios)
    {
        Scenarios = scenarios;
    }

    public IReadOnlyList<IBenchScenario> Scenarios { get; }

    public static ScenarioRegistry CreateDefault() => new(
    [
        new CallsScenario(
        [
            new ChannelCallVariant(),
            new GrainCallVariant(),
        ]),
        new TransportScenario(),
        new ClusterScenario(),
        new StreamsScenario(),
        new FanoutScenario(),
        new ConnectionsScenario(),
        new StormScenario(),
        new IngestScenario(),
        new EndToEndScenario(),
    ]);

    /// <summary>The scenario called <paramref name="name"/> (case-insensitive), or null.</summary>
    public IBenchScenario? Find(string name) =>
        Scenarios.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
