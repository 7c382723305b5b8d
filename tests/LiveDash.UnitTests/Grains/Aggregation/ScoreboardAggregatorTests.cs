using LiveDash.Grains;
using LiveDash.Grains.Aggregation;
using Xunit;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Aggregation;

public sealed class ScoreboardAggregatorTests
{
    [Fact]
    public void Snapshot_TiedScores_StandardCompetitionRanks()
    {
        var board = NewBoard();

        board.Apply(Set(("d", 5), ("b", 8), ("a", 10), ("c", 8)), NowMs);

        Assert.Equal(
            [new BoardEntry("a", 10, 1), new BoardEntry("b", 8, 2), new BoardEntry("c", 8, 2), new BoardEntry("d", 5, 4)],
            board.Snapshot().Entries);
    }

    [Fact]
    public void Apply_EntryJoinsATie_ListedAfterTheEntriesAlreadyHoldingTheScore()
    {
        var board = NewBoard();
        board.Apply(Set(("b", 5), ("c", 5), ("a", 4)), NowMs);

        board.Apply(Add(("a", 1)), NowMs);

        Assert.Equal(["b", "c", "a"], Ids(board));
        Assert.All(board.Snapshot().Entries, entry => Assert.Equal(1, entry.Rank));
    }

    [Fact]
    public void Apply_SettingTheScoreAnEntryAlreadyHas_DoesNotReorderTheTie()
    {
        var board = NewBoard();
        board.Apply(Set(("b", 5), ("c", 5)), NowMs);

        board.Apply(Set(("b", 5)), NowMs);
        board.Apply(Add(("b", 0)), NowMs);

        Assert.Equal(["b", "c"], Ids(board));
    }

    [Fact]
    public void Apply_EntryLeavesAndRejoinsATie_GoesToTheBackOfIt()
    {
        var board = NewBoard();
        board.Apply(Set(("b", 5), ("c", 5)), NowMs);

        board.Apply(Add(("b", 1)), NowMs);
        board.Apply(Add(("b", -1)), NowMs);

        Assert.Equal(["c", "b"], Ids(board));
    }

    [Fact]
    public void Apply_SetAndAddForOneEntry_AddsToTheSetScore()
    {
        var board = NewBoard();

        board.Apply(new BoardCommand(Set: Scores(("a", 3)), Add: Scores(("a", 2), ("b", 1))), NowMs);

        Assert.Equal([new BoardEntry("a", 5, 1), new BoardEntry("b", 1, 2)], board.Snapshot().Entries);
    }

    [Theory]
    [InlineData(long.MaxValue, 1)]
    [InlineData(long.MinValue, -1)]
    public void Apply_AddThatOverflows_RejectedAndNothingApplied(long start, long delta)
    {
        var board = NewBoard();
        board.Apply(Set(("a", start)), NowMs);

        var error = Assert.Throws<InvalidGrainInputException>(
            () => board.Apply(new BoardCommand(BatchId: "c-1", Title: "new", Add: Scores(("b", 1), ("a", delta))), NowMs));

        Assert.Contains("overflows", error.Reason, StringComparison.Ordinal);
        Assert.Contains("'a'", error.Reason, StringComparison.Ordinal);
        Assert.Equal([new BoardEntry("a", start, 1)], board.Snapshot().Entries);
        Assert.Equal(string.Empty, board.Title);
        Assert.False(board.IsDuplicate("c-1", NowMs));
    }

    [Fact]
    public void Apply_NewEntriesBeyondTheLimit_ThrowsAndAppliesNothing()
    {
        var board = new ScoreboardAggregator("match-1", new ScoreboardGrainOptions { MaxEntries = 3 });
        board.Apply(Set(("a", 1), ("b", 2)), NowMs);

        var error = Assert.Throws<BoardEntryLimitExceededException>(() => board.Apply(Add(("a", 1), ("c", 1), ("d", 1)), NowMs));

        Assert.Equal("match-1", error.Board);
        Assert.Equal(3, error.Limit);
        Assert.Equal(4, error.EntryCount);
        Assert.Contains("ScoreboardGrainOptions.MaxEntries", error.Message, StringComparison.Ordinal);
        Assert.Equal([new BoardEntry("b", 2, 1), new BoardEntry("a", 1, 2)], board.Snapshot().Entries);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    [InlineData("ümlaut")]
    public void Apply_InvalidEntryId_Rejected(string id)
    {
        var board = NewBoard();

        var error = Assert.Throws<InvalidGrainInputException>(() => board.Apply(Set(("ok", 1), (id, 1)), NowMs));

        Assert.Contains("entry id", error.Reason, StringComparison.Ordinal);
        Assert.Equal(0, board.EntryCount);
    }

    [Fact]
    public void Apply_TitleOverTheLimit_RejectedNamingTheOption()
    {
        var board = new ScoreboardAggregator("match-1", new ScoreboardGrainOptions { MaxTitleLength = 5 });

        var error = Assert.Throws<InvalidGrainInputException>(() => board.Apply(new BoardCommand(Title: "123456"), NowMs));

        Assert.Contains("ScoreboardGrainOptions.MaxTitleLength", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_Title_ShownInTheSnapshot()
    {
        var board = NewBoard();

        board.Apply(new BoardCommand(Title: "Final"), NowMs);

        Assert.Equal(new BoardSnapshot("match-1", "Final", []).Title, board.Snapshot().Title);
        Assert.Equal("match-1", board.Snapshot().Board);
    }

    [Fact]
    public void Snapshot_TakenBeforeEachCommand_ReflectsEveryChange()
    {
        var board = NewBoard();
        var empty = board.Snapshot();

        board.Apply(Set(("a", 1)), NowMs);
        var scored = board.Snapshot();
        board.Apply(new BoardCommand(Title: "Live"), NowMs);
        var titled = board.Snapshot();

        Assert.Empty(empty.Entries);
        Assert.Equal([new BoardEntry("a", 1, 1)], scored.Entries);
        Assert.Equal("Live", titled.Title);
        Assert.Same(titled, board.Snapshot());
    }

    [Fact]
    public void Apply_RepeatedBatchId_ReturnsFalseAndChangesNothing()
    {
        var board = NewBoard();

        Assert.True(board.Apply(new BoardCommand(BatchId: "c-1", Add: Scores(("a", 1))), NowMs));
        Assert.False(board.Apply(new BoardCommand(BatchId: "c-1", Add: Scores(("a", 1))), NowMs + 1));

        Assert.Equal(1, board.Snapshot().Entries.Single().Score);
    }

    [Fact]
    public void Apply_AddToAMissingEntry_StartsFromZero()
    {
        var board = NewBoard();

        board.Apply(Add(("a", -3)), NowMs);

        Assert.Equal(-3, board.Snapshot().Entries.Single().Score);
    }

    internal static ScoreboardAggregator NewBoard() => new("match-1", new ScoreboardGrainOptions());

    internal static Dictionary<string, long> Scores(params (string Id, long Score)[] scores)
        => scores.ToDictionary(score => score.Id, score => score.Score, StringComparer.Ordinal);

    internal static BoardCommand Set(params (string Id, long Score)[] scores) => new(Set: Scores(scores));

    internal static BoardCommand Add(params (string Id, long Score)[] scores) => new(Add: Scores(scores));

    private static string[] Ids(ScoreboardAggregator board) => [.. board.Snapshot().Entries.Select(entry => entry.Id)];
}
