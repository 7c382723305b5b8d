using LiveDash.Grains;
using LiveDash.TestingHost;
using Xunit;

namespace LiveDash.UnitTests.Grains.Silo;

public sealed class ScoreboardGrainTests
{
    [Fact]
    public async Task SetAndAdd_ReturnRankedSnapshot_TiesShareRankInArrivalOrder()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var board = silo.GrainFactory.GetGrain<IScoreboardGrain>("match-1");

        await board.ApplyAsync(new BoardCommand(Title: "Final", Set: new Dictionary<string, long> { ["team-a"] = 3, ["team-b"] = 1 }));
        var snapshot = (await board.ApplyAsync(new BoardCommand(Add: new Dictionary<string, long> { ["team-b"] = 2, ["team-c"] = 5 }))).Data;

        Assert.Equal("Final", snapshot.Title);
        Assert.Equal(
            [new BoardEntry("team-c", 5, 1), new BoardEntry("team-a", 3, 2), new BoardEntry("team-b", 3, 2)],
            snapshot.Entries);
        Assert.Equal(snapshot.Entries, (await board.GetSnapshotAsync()).Data.Entries);
    }

    [Fact]
    public async Task CommandWithInvalidEntry_ThrowsAndAppliesNothing()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var board = silo.GrainFactory.GetGrain<IScoreboardGrain>("match-2");

        await Assert.ThrowsAsync<InvalidGrainInputException>(
            () => board.ApplyAsync(new BoardCommand(Set: new Dictionary<string, long> { ["ok"] = 1, ["not ok!"] = 2 })));

        Assert.Empty((await board.GetSnapshotAsync()).Data.Entries);
    }

    [Fact]
    public async Task RepeatedBatchId_AppliedOnce_SurvivesReactivation()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var board = silo.GrainFactory.GetGrain<IScoreboardGrain>("match-3");
        var command = new BoardCommand(BatchId: "goal-17", Add: new Dictionary<string, long> { ["team-a"] = 1 });

        await board.ApplyAsync(command);
        await silo.CollectAllAsync(time);
        var snapshot = (await board.ApplyAsync(command)).Data;

        Assert.Equal(new BoardEntry("team-a", 1, 1), Assert.Single(snapshot.Entries));
    }
}
