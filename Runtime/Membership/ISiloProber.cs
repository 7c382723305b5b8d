namespace LiveDash.Runtime.Membership;

/// <summary>Probes a peer silo directly (a ping over the silo-to-silo connection).</summary>
internal interface ISiloProber
{
    /// <summary>True when <paramref name="silo"/> answered within <paramref name="timeout"/>.</summary>
    Task<bool> ProbeAsync(SiloAddress silo, TimeSpan timeout, CancellationToken cancellationToken);
}
