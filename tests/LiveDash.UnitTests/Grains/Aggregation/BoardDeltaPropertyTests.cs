using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using LiveDash.Grains;
using LiveDash.Grains.Aggregation;
using Xunit;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Aggregation;

/// <summary>
/// Random histories of a board (sets and adds over a few ids with small scores, so ties form and
/// break all the time; titles; repeated batch ids; reloads and resubscriptions) with deltas taken
/// at random points: a reader that starts from a snapshot and applies every delta must hold
/// exactly the snapshot of the moment, byte for byte.
/// </summary>
public sealed class BoardDeltaPropertyTests
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static readonly string[] s_ids = ["a", "b", "c", "d", "e", "f", "g"];

    [Fact]
    public void TakeDelta_RandomHistories_SnapshotPlusDeltasIsTheSnapshot()
    {
        Check.One(s_config, Prop.ForAll(Histories(), Run));
    }

    private static void Run(BoardOp[] ops)
    {
        var options = new ScoreboardGrainOptions();
        var board = new ScoreboardAggregator("match-1", options);
        var reader = board.Snapshot();
        var nowMs = NowMs;

        foreach (var op in ops)
        {
            switch (op)
            {
                case Command command:
                    nowMs += 1000;
                    board.Apply(command.ToCommand(), nowMs);
                    break;
                case Take:
                    reader = Follow(reader, board.TakeDelta());
                    Assert.Equal(Json(board.Snapshot()), Json(reader));
                    break;
                case Resubscribe:
                    board.TakeDelta();
                    reader = board.Snapshot();
                    break;
                case Reload:
                    var before = Json(board.Snapshot());
                    board = ScoreboardAggregator.FromState("match-1", options, board.ToState());
                    board.TakeDelta();
                    reader = board.Snapshot();
                    Assert.Equal(before, Json(reader));
                    break;
            }
        }

        reader = Follow(reader, board.TakeDelta());
        Assert.Equal(Json(board.Snapshot()), Json(reader));
    }

    /// <summary>Applies <paramref name="delta"/>, checking on the way that it is minimal and idempotent.</summary>
    private static BoardSnapshot Follow(BoardSnapshot reader, BoardDelta? delta)
    {
        if (delta is null)
        {
            return reader;
        }

        Assert.True(delta.Title is null || delta.Title != reader.Title, "The delta carries a title that did not change.");
        var held = reader.Entries.Select((entry, index) => (entry, index)).ToDictionary(pair => pair.entry.Id, StringComparer.Ordinal);
        foreach (var change in delta.Entries)
        {
            Assert.True(
                !held.TryGetValue(change.Id, out var before)
                    || before.index != change.Index || before.entry.Score != change.Score || before.entry.Rank != change.Rank,
                $"Entry '{change.Id}' is in the delta but did not change.");
        }

        var applied = reader.Apply(delta);
        Assert.Equal(Json(applied), Json(applied.Apply(delta)));
        return applied;
    }

    private static Arbitrary<BoardOp[]> Histories()
    {
        var scores = Gen.Choose(0, 3).SelectMany(
            n => Gen.ArrayOf(Gen.Zip(Gen.Elements(s_ids), Gen.Choose(-3, 3)), n));
        var command = Gen.Zip(
                Gen.Zip(scores, scores),
                Gen.Zip(Gen.Elements<string?>(null, null, null, "Final", "Semi"), Gen.Elements<string?>(null, null, "c-1", "c-2")))
            .Select(parts => (BoardOp)new Command(parts.Item2.Item2, parts.Item2.Item1, parts.Item1.Item1, parts.Item1.Item2));
        var op = Gen.Frequency(
            (6, command),
            (4, Gen.Constant((BoardOp)new Take())),
            (1, Gen.Constant((BoardOp)new Resubscribe())),
            (1, Gen.Constant((BoardOp)new Reload())));
        var history = Gen.Choose(1, 60).SelectMany(n => Gen.ArrayOf(op, n));
        return Arb.From(history, ShrinkByDroppingOne);
    }

    private static IEnumerable<BoardOp[]> ShrinkByDroppingOne(BoardOp[] ops)
    {
        for (var i = 0; i < ops.Length; i++)
        {
            yield return [.. ops[..i], .. ops[(i + 1)..]];
        }
    }

    private static string Json(BoardSnapshot board) => JsonSerializer.Serialize(board, GrainsJsonContext.Default.BoardSnapshot);

    internal abstract record BoardOp;

    internal sealed record Command(string? BatchId, string? Title, (string Id, int Score)[] Set, (string Id, int Amount)[] Add) : BoardOp
    {
        public BoardCommand ToCommand() => new(BatchId, Title, ToMap(Set), ToMap(Add));

        public override string ToString()
            => $"Command({BatchId}, {Title}, set [{string.Join(", ", Set.AsEnumerable())}], add [{string.Join(", ", Add.AsEnumerable())}])";

        // Later pairs for one id win, as a JSON object with a repeated key would have it.
        private static Dictionary<string, long>? ToMap((string Id, int Value)[] pairs)
            => pairs.Length == 0 ? null : pairs.GroupBy(pair => pair.Id).ToDictionary(group => group.Key, group => (long)group.Last().Value, StringComparer.Ordinal);
    }

    internal sealed record Take : BoardOp;

    internal sealed record Resubscribe : BoardOp;

    internal sealed record Reload : BoardOp;
}
