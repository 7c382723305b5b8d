using System.Collections.Immutable;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Runtime.Placement;

/// <summary>
/// One node's view of the cluster at one membership table version: the Active silos, and which of
/// them owns each grain. Immutable; a newer view replaces it whole.
/// </summary>
/// <remarks>
/// Ownership is rendezvous (highest-random-weight) hashing: every node scores each silo for a grain
/// and the highest score owns it. Nodes with the same view agree on every owner without talking,
/// and a silo joining or leaving moves only the grains it gains or loses — about 1/n of them.
/// </remarks>
public sealed class ClusterView
{
    private readonly ulong[] _siloHashes;

    /// <summary>Creates a view of <paramref name="activeSilos"/> at <paramref name="version"/>.</summary>
    public ClusterView(long version, IEnumerable<SiloAddress> activeSilos)
    {
        ArgumentNullException.ThrowIfNull(activeSilos);
        Version = version;

        // Sorted so that equal views are equal member by member, whatever order the table returned.
        ActiveSilos = [.. activeSilos.Distinct().OrderBy(s => s.ToString(), StringComparer.Ordinal)];
        _siloHashes = [.. ActiveSilos.Select(s => StableHash.Of(s.ToString()))];
    }

    /// <summary>The view before any table was read: no silo, version -1.</summary>
    public static ClusterView Empty { get; } = new(-1, []);

    /// <summary>The membership table version this view was built from.</summary>
    public long Version { get; }

    /// <summary>The Active silos, in a stable order.</summary>
    public ImmutableArray<SiloAddress> ActiveSilos { get; }

    /// <summary>Whether <paramref name="silo"/> is Active in this view.</summary>
    public bool IsActive(SiloAddress silo) => ActiveSilos.Contains(silo);

    /// <summary>
    /// The silo that owns <paramref name="grainId"/>, or null when no silo is Active. A stream's rendezvous
    /// grain is owned with the grain named like its stream (<see cref="StreamGrainIds.PlacedWith"/>).
    /// </summary>
    public SiloAddress? GetOwner(GrainId grainId)
    {
        var silos = ActiveSilos;
        switch (silos.Length)
        {
            case 0:
                return null;
            case 1:
                return silos[0];
        }

        var grainHash = StableHash.Of(StreamGrainIds.PlacedWith(grainId));
        var best = 0;
        var bestScore = StableHash.Mix(grainHash ^ _siloHashes[0]);
        for (var i = 1; i < silos.Length; i++)
        {
            var score = StableHash.Mix(grainHash ^ _siloHashes[i]);
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return silos[best];
    }

    /// <summary>For logs: <c>v12 [a, b, c]</c>.</summary>
    public override string ToString() => $"v{Version} [{string.Join(", ", ActiveSilos)}]";
}
