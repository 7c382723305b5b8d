using LiveDash.TestingHost;

namespace LiveDash.IntegrationTests.Cluster;

/// <summary>The cluster specification on in-memory membership and a shared in-memory grain storage.</summary>
public sealed class InMemoryClusterTests : ClusterSpecification
{
    protected override Task<TestClusterBuilder> CreateBuilderAsync() => Task.FromResult(new TestClusterBuilder().UseSharedMemoryStorage());
}
