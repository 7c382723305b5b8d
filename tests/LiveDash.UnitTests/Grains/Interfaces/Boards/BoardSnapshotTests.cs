using LiveDash.Grains;
using Xunit;

namespace LiveDash.UnitTests.Grains.Interfaces.Boards;

public sealed class BoardSnapshotTests
{
    private static readonly BoardSnapshot s_board = new("match-1", "Final",
    [
        new BoardEntry("a", 10, 1),
        new BoardEntry("b", 8, 2),
        new BoardEntry("c", 8, 2),
        new BoardEntry("d", 5, 4),
    ]);

    [Fact]
    public void Apply_EntryMovesUp_TakesItsPlaceAndTheOthersShiftInOrder()
    {
        var applied = s_board.Apply(new BoardDelta("match-1", null,
        [
            new BoardEntryChange("d", 11, 1, 0),
            new BoardEntryChange("a", 10, 2, 1),
            new BoardEntryChange("b", 8, 3, 2),
            new BoardEntryChange("c", 8, 3, 3),
        ]));

        Assert.Equal(
            [new BoardEntry("d", 11, 1), new BoardEntry("a", 10, 2), new BoardEntry("b", 8, 3), new BoardEntry("c", 8, 3)],
            applied.Entries);
        Assert.Equal("Final", applied.Title);
    }

    [Fact]
    public void Apply_ScoreChangeInPlace_OtherEntriesUntouched()
    {
        var applied = s_board.Apply(new BoardDelta("match-1", "Semi", [new BoardEntryChange("d", 6, 4, 3)]));

        Assert.Equal(["a", "b", "c", "d"], applied.Entries.Select(entry => entry.Id));
        Assert.Equal(6, applied.Entries[3].Score);
        Assert.Same(s_board.Entries[0], applied.Entries[0]);
        Assert.Equal("Semi", applied.Title);
    }

    [Fact]
    public void Apply_NewEntry_JoinsAtItsIndex()
    {
        var applied = s_board.Apply(new BoardDelta("match-1", null,
        [
            new BoardEntryChange("e", 8, 2, 3),
            new BoardEntryChange("d", 5, 5, 4),
        ]));

        Assert.Equal(["a", "b", "c", "e", "d"], applied.Entries.Select(entry => entry.Id));
        Assert.Equal(new BoardEntry("d", 5, 5), applied.Entries[4]);
    }

    [Fact]
    public void Apply_SameDeltaTwice_SameBoard()
    {
        var delta = new BoardDelta("match-1", "Semi",
        [
            new BoardEntryChange("c", 9, 2, 1),
            new BoardEntryChange("b", 8, 3, 2),
            new BoardEntryChange("e", 1, 5, 4),
        ]);

        var once = s_board.Apply(delta);
        var twice = once.Apply(delta);

        Assert.Equal(once.Entries, twice.Entries);
        Assert.Equal(once.Title, twice.Title);
        Assert.Equal(["a", "c", "b", "d", "e"], twice.Entries.Select(entry => entry.Id));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-1)]
    public void Apply_IndexOutsideTheBoard_Rejected(int index)
    {
        var error = Assert.Throws<ArgumentException>(
            () => s_board.Apply(new BoardDelta("match-1", null, [new BoardEntryChange("a", 1, 4, index)])));

        Assert.Contains("not the delta that follows this state", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_TwoEntriesAtOnePlace_Rejected()
    {
        Assert.Throws<ArgumentException>(() => s_board.Apply(new BoardDelta("match-1", null,
        [
            new BoardEntryChange("a", 1, 1, 0),
            new BoardEntryChange("b", 1, 1, 0),
        ])));
    }

    [Fact]
    public void Apply_DeltaOfAnotherBoard_Rejected()
    {
        Assert.Throws<ArgumentException>(() => s_board.Apply(new BoardDelta("other", null, [])));
    }
}
