using System.Text.Json;
using LiveDash.Grains;
using LiveDash.Grains.Aggregation;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.Options;
using Xunit;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Aggregation.State;

/// <summary>
/// A scoreboard grain journals what <see cref="ScoreboardAggregator.Record"/> returns and snapshots
/// <see cref="ScoreboardAggregator.ToState"/> now and then; these tests hold
/// <see cref="ScoreboardAggregator.Replay"/> to "replaying rebuilds the same board".
/// </summary>
public sealed class ScoreboardJournalReplayTests
{
    // Small bounds, reached within a few hundred commands: the entry limit and both batch-id bounds.
    private static readonly ScoreboardGrainOptions s_options = new()
    {
        MaxEntries = 5,
        MaxRememberedBatchIds = 6,
        BatchIdRetention = TimeSpan.FromMinutes(2),
    };

    private static readonly string[] s_ids = ["a", "b", "c", "d", "e", "f"];

    private static readonly RuntimeJsonSerializer s_serializer = ProductSerializer();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Replay_FromASnapshotTakenAtAnyStep_RebuildsTheLiveBoard(int seed)
    {
        var random = new Random(seed);
        var live = new ScoreboardAggregator("match-1", s_options);
        var journal = new List<byte[]>();
        var snapshots = new List<(int AfterEntries, byte[]? Snapshot)> { (0, null) };
        var (duplicates, rejected) = (0, 0);
        var nowMs = NowMs;
        for (var step = 0; step < 400; step++)
        {
            nowMs += random.Next(20) == 0 ? 150_000 : random.Next(20_000);
            try
            {
                if (live.Record(RandomCommand(random), nowMs) is { } entry)
                {
                    journal.Add(s_serializer.SerializeToBytes(entry));
                }
                else
                {
                    duplicates++;
                }
            }
            catch (Exception error) when (error is InvalidGrainInputException or BoardEntryLimitExceededException)
            {
                rejected++;
            }

            if (random.Next(10) == 0)
            {
                snapshots.Add((journal.Count, s_serializer.SerializeToBytes(live.ToState())));
            }
        }

        Assert.True(duplicates > 10, $"expected duplicates, got {duplicates}");
        Assert.True(rejected > 5, $"expected rejected commands, got {rejected}");
        var expected = StateJson(live);
        foreach (var (afterEntries, snapshot) in snapshots)
        {
            var rebuilt = snapshot is null
                ? new ScoreboardAggregator("match-1", s_options)
                : ScoreboardAggregator.FromState("match-1", s_options, s_serializer.Deserialize<ScoreboardGrainState>(snapshot));
            foreach (var entry in journal.Skip(afterEntries))
            {
                rebuilt.Replay(s_serializer.Deserialize<ScoreboardJournalEntry>(entry));
            }

            Assert.True(expected == StateJson(rebuilt), $"the board rebuilt from the snapshot after entry {afterEntries} differs from the live board");
        }
    }

    [Fact]
    public void Replay_AfterTheEntryLimitWasLowered_StillRestoresEveryAcknowledgedEntry()
    {
        var live = new ScoreboardAggregator("match-1", new ScoreboardGrainOptions());
        var entry = live.Record(new BoardCommand("b1", "Final", Set: new Dictionary<string, long> { ["x"] = 1, ["y"] = 1 }, Add: new Dictionary<string, long> { ["x"] = 2 }), NowMs)!;

        var rebuilt = new ScoreboardAggregator("match-1", new ScoreboardGrainOptions { MaxEntries = 1 });
        rebuilt.Replay(s_serializer.Deserialize<ScoreboardJournalEntry>(s_serializer.SerializeToBytes(entry)));

        Assert.Equal(StateJson(live), StateJson(rebuilt));
        Assert.Equal([("x", 3L), ("y", 1L)], rebuilt.Snapshot().Entries.Select(e => (e.Id, e.Score)));
        Assert.True(rebuilt.IsDuplicate("b1", NowMs));
    }

    private static BoardCommand RandomCommand(Random random)
    {
        // Ids from a small pool: retries (duplicates) and ids re-used after they expired.
        var batchId = random.Next(4) == 0 ? null : $"c-{random.Next(10)}";
        var title = random.Next(5) == 0 ? $"Round {random.Next(3)}" : null;
        var set = random.Next(2) == 0 ? null : Scores(random, () => random.Next(-3, 4));
        var add = random.Next(2) == 0 ? null : Scores(random, () => random.Next(30) == 0 ? long.MaxValue : random.Next(-2, 3));
        return new BoardCommand(batchId, title, set, add);
    }

    // Small scores over a few ids, so ties form and break; now and then an addition that overflows (rejected).
    private static Dictionary<string, long> Scores(Random random, Func<long> score)
    {
        var scores = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            scores[s_ids[random.Next(s_ids.Length)]] = score();
        }

        return scores;
    }

    private static string StateJson(ScoreboardAggregator board) => JsonSerializer.Serialize(board.ToState(), GrainStateJsonContext.Default.ScoreboardGrainState);

    // As LiveDashSiloBuilderExtensions.AddLiveDashGrains registers the contexts.
    private static RuntimeJsonSerializer ProductSerializer()
    {
        var options = new SerializationOptions();
        options.TypeInfoResolvers.Add(GrainStateJsonContext.Default);
        options.TypeInfoResolvers.Add(GrainsJsonContext.Default);
        options.TypeInfoResolvers.Add(GrainJournalJsonContext.Default);
        return new RuntimeJsonSerializer(Options.Create(options));
    }
}
