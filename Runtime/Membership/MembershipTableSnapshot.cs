namespace LiveDash.Runtime.Membership;

/// <summary>The whole table at one version.</summary>
/// <param name="Version">The table version: grows by one with every insert or row update (not with IAmAlive).</param>
/// <param name="Rows">Every silo's row, in no particular order.</param>
public sealed record MembershipTableSnapshot(long Version, IReadOnlyList<MembershipRow> Rows)
{
    /// <summary>The row of <paramref name="silo"/>, or null.</summary>
    public MembershipRow? Find(SiloAddress silo) => Rows.FirstOrDefault(r => r.Entry.Silo == silo);
}
