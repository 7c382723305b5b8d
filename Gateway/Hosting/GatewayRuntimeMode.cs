namespace LiveDash.Gateway.Hosting;

/// <summary>How a gateway reaches its grains (<see cref="GatewayRuntime"/>).</summary>
public enum GatewayRuntimeMode
{
    /// <summary>A silo co-hosted in the gateway's process (<c>LiveDash:Cluster:Provider=local</c>).</summary>
    LocalSilo,

    /// <summary>A cluster client of silos in other processes (<c>LiveDash:Cluster:Provider=postgres</c>).</summary>
    ClusterClient,
}
