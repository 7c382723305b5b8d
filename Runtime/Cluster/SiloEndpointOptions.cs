namespace LiveDash.Runtime.Cluster;

/// <summary>Where a clustered silo listens for silos and clients (configuration section <c>LiveDash:Silo</c>).</summary>
public sealed class SiloEndpointOptions
{
    /// <summary>Configuration section the silo binds these options from.</summary>
    public const string SectionName = "LiveDash:Silo";

    /// <summary>The TCP port; 0 picks a free one. Default: 11111 (as Orleans).</summary>
    public int Port { get; set; } = 11111;

    /// <summary>
    /// The IP address to listen on. Default: <c>127.0.0.1</c> — loopback, so a silo is never exposed by
    /// accident; set the machine's address (or <c>0.0.0.0</c> with <see cref="AdvertisedAddress"/>) for
    /// a multi-machine cluster.
    /// </summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The address other nodes dial, written to the membership table. Default: <see cref="ListenAddress"/>.</summary>
    public string? AdvertisedAddress { get; set; }
}
