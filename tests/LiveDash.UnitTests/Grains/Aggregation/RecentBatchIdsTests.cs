using LiveDash.Grains.Aggregation;
using Xunit;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Aggregation;

public sealed class RecentBatchIdsTests
{
    private static readonly TimeSpan s_retention = TimeSpan.FromMinutes(10);

    [Fact]
    public void Contains_JustBeforeAndAtTheRetentionPeriod_RememberedThenForgotten()
    {
        var ids = new RecentBatchIds(s_retention, 100);

        ids.Remember("a", NowMs);

        Assert.True(ids.Contains("a", NowMs + 599_999));
        Assert.False(ids.Contains("a", NowMs + 600_000));
        Assert.False(ids.Contains("b", NowMs));
    }

    [Fact]
    public void Remember_AfterTheRetentionPeriod_EvictsExpiredIds()
    {
        var ids = new RecentBatchIds(s_retention, 100);
        ids.Remember("a", NowMs);
        ids.Remember("b", NowMs + 1000);

        ids.Remember("c", NowMs + 600_000);

        Assert.Equal(2, ids.Count);
        Assert.Equal(["b", "c"], ids.ToState().Ids);
    }

    [Fact]
    public void Remember_BeyondTheMaximumCount_ForgetsTheOldestFirst()
    {
        var ids = new RecentBatchIds(s_retention, 3);

        for (var i = 0; i < 5; i++)
        {
            ids.Remember("id-" + i, NowMs + i);
        }

        Assert.Equal(3, ids.Count);
        Assert.False(ids.Contains("id-0", NowMs + 5));
        Assert.False(ids.Contains("id-1", NowMs + 5));
        Assert.True(ids.Contains("id-2", NowMs + 5));
        Assert.True(ids.Contains("id-4", NowMs + 5));
    }

    [Fact]
    public void Remember_AnIdAgain_MovesItToTheNewestPosition()
    {
        var ids = new RecentBatchIds(s_retention, 2);
        ids.Remember("a", NowMs);
        ids.Remember("b", NowMs + 1);

        ids.Remember("a", NowMs + 2);
        ids.Remember("c", NowMs + 3);

        Assert.Equal(["a", "c"], ids.ToState().Ids);
    }

    [Fact]
    public void FromState_RoundTrip_KeepsIdsOrderAndTimes()
    {
        var ids = new RecentBatchIds(s_retention, 10);
        ids.Remember("a", NowMs);
        ids.Remember("b", NowMs + 5);

        var restored = RecentBatchIds.FromState(ids.ToState(), s_retention, 10);

        Assert.Equal(ids.ToState().Ids, restored.ToState().Ids);
        Assert.Equal(ids.ToState().AppliedAtMs, restored.ToState().AppliedAtMs);
        Assert.False(restored.Contains("a", NowMs + 600_000));
        Assert.True(restored.Contains("b", NowMs + 600_000));
    }

    [Fact]
    public void FromState_LowerCountLimitNow_KeepsTheNewest()
    {
        var ids = new RecentBatchIds(s_retention, 10);
        ids.Remember("a", NowMs);
        ids.Remember("b", NowMs + 1);
        ids.Remember("c", NowMs + 2);

        var restored = RecentBatchIds.FromState(ids.ToState(), s_retention, 2);

        Assert.Equal(["b", "c"], restored.ToState().Ids);
    }
}
