namespace LiveDash.Runtime.Cluster;

/// <summary>
/// This silo's address, known once its listener has bound (a port of 0 is chosen by the OS), and
/// the cluster id. Set once at start.
/// </summary>
internal sealed class LocalSiloDetails
{
    private SiloAddress? _address;

    public LocalSiloDetails(string clusterId)
    {
        ClusterId = clusterId;
    }

    /// <summary>The cluster this silo belongs to.</summary>
    public string ClusterId { get; }

    /// <summary>This silo's address; throws before the silo has started listening.</summary>
    public SiloAddress Address => _address ?? throw new InvalidOperationException("The silo has not started listening yet; its address is not known.");

    /// <summary>Whether the address is known.</summary>
    public bool HasAddress => _address is not null;

    /// <summary>Records the address; once.</summary>
    public void SetAddress(SiloAddress address)
    {
        if (Interlocked.CompareExchange(ref _address, address, null) is not null)
        {
            throw new InvalidOperationException("The silo's address is already set.");
        }
    }
}
