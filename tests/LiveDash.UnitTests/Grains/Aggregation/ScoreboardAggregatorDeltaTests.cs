using LiveDash.Grains;
using LiveDash.Grains.Aggregation;
using Xunit;
using static LiveDash.UnitTests.Grains.Aggregation.ScoreboardAggregatorTests;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Aggregation;

public sealed class ScoreboardAggregatorDeltaTests
{
    [Fact]
    public void TakeDelta_NewBoard_Null()
    {
        Assert.Null(NewBoard().TakeDelta());
    }

    [Fact]
    public void TakeDelta_NothingChangedSinceTheLastOne_Null()
    {
        var board = NewBoard();
        board.Apply(new BoardCommand(BatchId: "c-1", Title: "Final", Set: Scores(("a", 1))), NowMs);
        Assert.NotNull(board.TakeDelta());

        board.Apply(new BoardCommand(BatchId: "c-1", Title: "Other", Set: Scores(("a", 5))), NowMs);
        board.Apply(new BoardCommand(Title: "Final", Set: Scores(("a", 1))), NowMs);

        Assert.Null(board.TakeDelta());
    }

    [Fact]
    public void TakeDelta_EntryJoinsBelowTheOthers_OnlyItListed()
    {
        var board = NewBoard();
        board.Apply(Set(("b", 8), ("a", 10), ("c", 8)), NowMs);
        board.TakeDelta();

        board.Apply(Set(("d", 5)), NowMs);

        Assert.Equal([new BoardEntryChange("d", 5, 4, 3)], board.TakeDelta()!.Entries);
    }

    [Fact]
    public void TakeDelta_AfterTheFirstCommand_EveryEntryInRankedOrder()
    {
        var board = NewBoard();

        board.Apply(Set(("b", 8), ("a", 10), ("c", 8)), NowMs);

        var delta = board.TakeDelta()!;
        Assert.Null(delta.Title);
        Assert.Equal(
            [new BoardEntryChange("a", 10, 1, 0), new BoardEntryChange("b", 8, 2, 1), new BoardEntryChange("c", 8, 2, 2)],
            delta.Entries);
    }

    [Fact]
    public void TakeDelta_ScoreChangeWithoutAMove_OnlyThatEntry()
    {
        var board = NewBoard();
        board.Apply(Set(("a", 10), ("b", 8), ("c", 5)), NowMs);
        board.TakeDelta();

        board.Apply(Add(("b", 1)), NowMs);

        Assert.Equal([new BoardEntryChange("b", 9, 2, 1)], board.TakeDelta()!.Entries);
    }

    [Fact]
    public void TakeDelta_EntryOvertakesOthers_EveryMovedEntryListed()
    {
        var board = NewBoard();
        board.Apply(Set(("a", 10), ("b", 8), ("c", 5), ("d", 3), ("e", 1)), NowMs);
        board.TakeDelta();

        board.Apply(Add(("d", 6)), NowMs);

        Assert.Equal(
            [new BoardEntryChange("d", 9, 2, 1), new BoardEntryChange("b", 8, 3, 2), new BoardEntryChange("c", 5, 4, 3)],
            board.TakeDelta()!.Entries);
    }

    [Fact]
    public void TakeDelta_RankChangesInPlace_EntryListed()
    {
        var board = NewBoard();
        board.Apply(Set(("a", 10), ("b", 8), ("c", 8)), NowMs);
        board.TakeDelta();

        // b leaves the tie upwards: c keeps its score and index but drops from rank 2 to 3.
        board.Apply(Set(("b", 9)), NowMs);

        Assert.Equal([new BoardEntryChange("b", 9, 2, 1), new BoardEntryChange("c", 8, 3, 2)], board.TakeDelta()!.Entries);
    }

    [Fact]
    public void TakeDelta_TitleOnly_NoEntries()
    {
        var board = NewBoard();
        board.Apply(Set(("a", 1)), NowMs);
        board.TakeDelta();

        board.Apply(new BoardCommand(Title: "Final"), NowMs);

        var delta = board.TakeDelta()!;
        Assert.Equal("Final", delta.Title);
        Assert.Empty(delta.Entries);
        Assert.Null(board.TakeDelta());
    }

    [Fact]
    public void TakeDelta_AppliedToThePreviousSnapshot_GivesTheCurrentOne()
    {
        var board = NewBoard();
        board.Apply(Set(("a", 10), ("b", 8), ("c", 8), ("d", 5)), NowMs);
        board.TakeDelta();
        var reader = board.Snapshot();

        board.Apply(new BoardCommand(Title: "Final", Set: Scores(("d", 8), ("e", 12)), Add: Scores(("a", -2))), NowMs);
        reader = reader.Apply(board.TakeDelta()!);

        Assert.Equal(board.Snapshot().Entries, reader.Entries);
        Assert.Equal("Final", reader.Title);
    }

    [Fact]
    public void MarkPublished_ThenACommand_DeltaCarriesOnlyTheCommand()
    {
        var board = NewBoard();
        board.Apply(Set(("a", 10), ("b", 8)), NowMs);
        board.MarkPublished();

        board.Apply(Add(("b", 1)), NowMs);

        Assert.Equal([new BoardEntryChange("b", 9, 2, 1)], board.TakeDelta()!.Entries);
    }

    [Fact]
    public void FromState_LoadedBoardIsTheBaseline_FirstDeltaCarriesOnlyLaterCommands()
    {
        var stored = NewBoard();
        stored.Apply(new BoardCommand(Title: "Final", Set: Scores(("a", 10), ("b", 8))), NowMs);
        var board = ScoreboardAggregator.FromState("match-1", new ScoreboardGrainOptions(), stored.ToState());

        Assert.Null(board.TakeDelta());
        board.Apply(Add(("b", 3)), NowMs);

        var delta = board.TakeDelta()!;
        Assert.Null(delta.Title);
        Assert.Equal([new BoardEntryChange("b", 11, 1, 0), new BoardEntryChange("a", 10, 2, 1)], delta.Entries);
    }
}
