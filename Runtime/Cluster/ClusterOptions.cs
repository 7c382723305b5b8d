namespace LiveDash.Runtime.Cluster;

/// <summary>Which cluster a node belongs to (configuration section <c>LiveDash:Cluster</c>).</summary>
public sealed class ClusterOptions
{
    /// <summary>Configuration section the node binds these options from.</summary>
    public const string SectionName = "LiveDash:Cluster";

    /// <summary>
    /// Silos and clients only talk to nodes with the same id, and share membership rows only with
    /// them, so two clusters can share one database. Default: <c>livedash</c>.
    /// </summary>
    public string ClusterId { get; set; } = "livedash";
}
