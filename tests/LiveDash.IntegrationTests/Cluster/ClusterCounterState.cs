namespace LiveDash.IntegrationTests.Cluster;

/// <summary>The counter's stored state.</summary>
public sealed class ClusterCounterState
{
    public int Total { get; set; }
}
