using LiveDash.Runtime;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Placement;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Placement;

public sealed class ClusterViewTests
{
    private static readonly GrainId[] s_grains = [.. Enumerable.Range(0, 10_000).Select(i => new GrainId("metric", "m-" + i))];

    [Fact]
    public void Owner_IsTheSameWhateverOrderTheSilosCameIn()
    {
        var silos = Silos(5);
        var view = new ClusterView(7, silos);
        var shuffled = new ClusterView(7, silos.AsEnumerable().Reverse());

        Assert.All(s_grains.Take(1000), g => Assert.Equal(view.GetOwner(g), shuffled.GetOwner(g)));
    }

    [Fact]
    public void Grains_SpreadEvenlyOverTheSilos()
    {
        var view = new ClusterView(1, Silos(4));

        var counts = s_grains.GroupBy(g => view.GetOwner(g)).Select(g => g.Count()).ToList();

        Assert.Equal(4, counts.Count);
        Assert.All(counts, c => Assert.InRange(c, 2250, 2750));
    }

    [Fact]
    public void AddingASilo_MovesOnlyGrainsToIt_AboutOneInN()
    {
        var silos = Silos(4);
        var before = new ClusterView(1, silos.Take(3));
        var after = new ClusterView(2, silos);

        var moved = s_grains.Where(g => before.GetOwner(g) != after.GetOwner(g)).ToList();

        Assert.InRange(moved.Count, 2250, 2750);
        Assert.All(moved, g => Assert.Equal(silos[3], after.GetOwner(g)));
    }

    [Fact]
    public void RemovingASilo_MovesOnlyItsGrains()
    {
        var silos = Silos(3);
        var before = new ClusterView(1, silos);
        var after = new ClusterView(2, [silos[0], silos[2]]);

        foreach (var grain in s_grains)
        {
            if (before.GetOwner(grain) != silos[1])
            {
                Assert.Equal(before.GetOwner(grain), after.GetOwner(grain));
            }
        }
    }

    [Fact]
    public void EmptyView_OwnsNothing_AndOneSiloOwnsEverything()
    {
        Assert.Null(ClusterView.Empty.GetOwner(s_grains[0]));
        var single = Silos(1)[0];
        Assert.Equal(single, new ClusterView(3, [single]).GetOwner(s_grains[1]));
    }

    [Fact]
    public void ANewGenerationOnTheSameEndpoint_IsADifferentSilo()
    {
        var old = new SiloAddress("127.0.0.1", 11111, 1000);
        var restarted = new SiloAddress("127.0.0.1", 11111, 2000);
        var view = new ClusterView(4, [restarted]);

        Assert.False(view.IsActive(old));
        Assert.True(view.IsActive(restarted));
    }

    [Fact]
    public void StableHash_IsPinned_SoEveryProcessPlacesAlike()
    {
        // A change here reshuffles every grain of a running cluster during a rolling upgrade: keep it.
        Assert.Equal(9199863537095503574UL, StableHash.Of(new GrainId("metric", "cpu.load")));
        Assert.Equal(9297814886316923340UL, StableHash.Mix(42));
    }

    [Fact]
    public void SiloAddress_RoundTripsThroughItsText()
    {
        var address = new SiloAddress("10.0.0.7", 11111, 1_764_000_000_123);

        Assert.Equal("10.0.0.7:11111@1764000000123", address.ToString());
        Assert.Equal(address, SiloAddress.Parse(address.ToString()));
        Assert.Throws<FormatException>(() => SiloAddress.Parse("10.0.0.7:11111"));
        Assert.Throws<FormatException>(() => SiloAddress.Parse("10.0.0.7:99999@1"));
    }

    private static SiloAddress[] Silos(int count)
        => [.. Enumerable.Range(1, count).Select(i => new SiloAddress("127.0.0.1", 30000 + i, 1_764_000_000_000 + i))];
}
