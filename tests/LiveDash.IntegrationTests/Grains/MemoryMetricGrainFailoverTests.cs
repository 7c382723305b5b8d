using LiveDash.TestingHost;

namespace LiveDash.IntegrationTests.Grains;

/// <summary>The metric-grain failover specification on in-memory membership and a shared in-memory grain storage.</summary>
public sealed class MemoryMetricGrainFailoverTests : MetricGrainFailoverSpecification
{
    protected override Task<TestClusterBuilder> CreateBuilderAsync() => Task.FromResult(new TestClusterBuilder().UseSharedMemoryStorage());
}
