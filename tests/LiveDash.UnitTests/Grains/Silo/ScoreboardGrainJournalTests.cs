using LiveDash.Grains;
using LiveDash.TestingHost;
using Xunit;

namespace LiveDash.UnitTests.Grains.Silo;

/// <summary>The scoreboard grain on journaled state (memory provider behind a failing double).</summary>
public sealed class ScoreboardGrainJournalTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AppendFails_CommandIsNeitherAcknowledgedNorVisible_AndARetryAppliesIt()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var board = silo.GrainFactory.GetGrain<IScoreboardGrain>("match-1");
        await board.ApplyAsync(Add("goal-1", "team-a", 1));

        silo.Storage().FailWrites = true;
        await Assert.ThrowsAsync<IOException>(() => board.ApplyAsync(Add("goal-2", "team-b", 5)));
        silo.Storage().FailWrites = false;
        var afterFailure = (await board.GetSnapshotAsync()).Data;
        var retried = (await board.ApplyAsync(Add("goal-2", "team-b", 5))).Data;

        Assert.Equal([new BoardEntry("team-a", 1, 1)], afterFailure.Entries);
        Assert.Equal([new BoardEntry("team-b", 5, 1), new BoardEntry("team-a", 1, 2)], retried.Entries);
    }

    [Fact]
    public async Task AppendAndTheReReadBothFail_ActivationEnds_AndTheNextOneHoldsOnlyAcknowledgedCommands()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var board = silo.GrainFactory.GetGrain<IScoreboardGrain>("match-1");
        await board.ApplyAsync(Add("goal-1", "team-a", 1));
        var activation = silo.Catalog.Activations.Single(a => a.GrainId.Key == "match-1");

        silo.Storage().FailWrites = true;
        silo.Storage().FailReads = true;
        await Assert.ThrowsAsync<IOException>(() => board.ApplyAsync(Add("goal-2", "team-b", 5)));
        silo.Storage().FailWrites = false;
        silo.Storage().FailReads = false;
        try
        {
            await activation.Deactivated.WaitAsync(s_wait);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {s_wait.TotalSeconds:0} s for the activation that lost its state to deactivate.");
        }

        Assert.Equal([new BoardEntry("team-a", 1, 1)], (await board.GetSnapshotAsync()).Data.Entries);
        Assert.Equal([new BoardEntry("team-a", 1, 1)], (await board.ApplyAsync(Add("goal-1", "team-a", 1))).Data.Entries);
    }

    [Fact]
    public async Task ManyCommands_ReactivationFromSnapshotPlusTail_RebuildsTheSameBoardAndTieOrder()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var board = silo.GrainFactory.GetGrain<IScoreboardGrain>("match-1");
        var random = new Random(5);
        const int Commands = 1500;
        for (var i = 0; i < Commands; i++)
        {
            // Scores stay small over a few teams, so ties form and their order is from the sequence numbers.
            await board.ApplyAsync(Add($"c-{i}", $"team-{random.Next(8)}", random.Next(-1, 2)));
        }

        var before = (await board.GetSnapshotAsync()).Data;
        await silo.CollectAllAsync(time);
        var after = (await board.GetSnapshotAsync()).Data;

        Assert.Contains(silo.Storage().Appends, a => a.SnapshotBytes is not null);
        Assert.Equal(before.Title, after.Title);
        Assert.Equal(before.Entries, after.Entries);
        Assert.Equal(before.Entries, (await board.ApplyAsync(Add($"c-{Commands - 1}", "team-0", 1))).Data.Entries);
    }

    private static BoardCommand Add(string batchId, string entry, long amount)
        => new(BatchId: batchId, Add: new Dictionary<string, long> { [entry] = amount });
}
