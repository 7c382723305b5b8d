namespace LiveDash.Runtime;

/// <summary>
/// What code outside grains (a gateway, a producer) uses to reach grains. In a process that hosts
/// a silo it is the silo's own client, so co-hosted code calls grains without a network hop, as in
/// Orleans; a process without a silo gets one that connects to the cluster (the cluster work adds it).
/// Code written against this interface runs unchanged in both.
/// </summary>
public interface IClusterClient : IGrainFactory
{
}
