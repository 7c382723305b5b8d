using LiveDash.Runtime;
using LiveDash.Runtime.Placement;
using LiveDash.Runtime.Streaming;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Streaming;

public sealed class StreamGrainIdsTests
{
    [Fact]
    public void ForStream_IsTheStreamGrainTypeKeyedByTheStreamId()
    {
        var id = StreamGrainIds.ForStream(new StreamId("metric", "cpu.load"));

        Assert.Equal(new GrainId("$stream", "metric/cpu.load"), id);
        Assert.Equal("$stream/metric/cpu.load", id.ToString());
    }

    [Fact]
    public void TryGetStream_RendezvousId_ReturnsItsStream_OtherIds_False()
    {
        var stream = new StreamId("scoreboard", "a/b");

        Assert.True(StreamGrainIds.TryGetStream(StreamGrainIds.ForStream(stream), out var found));
        Assert.Equal(stream, found);
        Assert.False(StreamGrainIds.TryGetStream(new GrainId("scoreboard", "a/b"), out _));
    }

    [Theory]
    [InlineData("metric/x", "metric", "x")]
    [InlineData("metric/cpu.load", "metric", "cpu.load")]
    [InlineData("scoreboard/a/b", "scoreboard", "a/b")]
    public void PlacedWith_RendezvousId_IsTheGrainNamedLikeTheStream(string key, string expectedType, string expectedKey)
        => Assert.Equal(new GrainId(expectedType, expectedKey), StreamGrainIds.PlacedWith(new GrainId("$stream", key)));

    [Theory]
    [InlineData("metric", "x")]
    [InlineData("metric", "a/b")]
    [InlineData("stream", "metric/x")]
    [InlineData("$stream", "no-slash")]
    [InlineData("$stream", "/x")]
    [InlineData("$stream", "x/")]
    public void PlacedWith_AnyOtherId_IsTheIdItself(string type, string key)
    {
        var id = new GrainId(type, key);

        Assert.Equal(id, StreamGrainIds.PlacedWith(id));
    }

    [Fact]
    public void GetOwner_RendezvousGrain_IsTheOwnerOfTheGrainNamedLikeItsStream_OnFiveSilos()
    {
        var view = new ClusterView(1, Enumerable.Range(0, 5).Select(i => new SiloAddress("127.0.0.1", 30000 + i, 1000 + i)));
        var keys = Enumerable.Range(0, 2_000).Select(i => "m-" + i).ToList();

        var owners = keys.Select(key => (
            Stream: view.GetOwner(StreamGrainIds.ForStream(new StreamId("metric", key))),
            Grain: view.GetOwner(new GrainId("metric", key)))).ToList();

        Assert.All(owners, o => Assert.Equal(o.Grain, o.Stream));

        // Not vacuous: the streams spread over every silo like the grains do.
        Assert.Equal(5, owners.Select(o => o.Stream).Distinct().Count());
    }

    [Fact]
    public void GetOwner_OrdinaryGrainId_IsPlacedByItsOwnId()
    {
        var silos = Enumerable.Range(0, 5).Select(i => new SiloAddress("127.0.0.1", 30000 + i, 1000 + i)).ToList();
        var view = new ClusterView(1, silos);

        // A grain whose key looks like a stream id keeps its own placement: with 5 silos some of these
        // keys must land elsewhere than the grain "metric/<n>" they spell.
        var moved = Enumerable.Range(0, 500).Count(i =>
            view.GetOwner(new GrainId("stream", "metric/m-" + i)) != view.GetOwner(new GrainId("metric", "m-" + i)));

        Assert.InRange(moved, 300, 500);
    }
}
