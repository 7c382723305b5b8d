using LiveDash.Runtime.Placement;

namespace LiveDash.Runtime.Membership;

/// <summary>
/// A node's current view of its cluster, for code outside the runtime that must report on it (a
/// gateway's readiness probe). Registered by silos that join a cluster and by cluster clients; a
/// silo running alone has none.
/// </summary>
/// <remarks>
/// The view is the one the node routes by, kept from the membership table (notifications, polling);
/// it only moves forward. Reading it is cheap and thread-safe: it is an immutable object swapped whole.
/// </remarks>
public interface IClusterMembershipView
{
    /// <summary>The view now: <see cref="ClusterView.Empty"/> before the table was first read.</summary>
    ClusterView CurrentView { get; }
}
