using LiveDash.Runtime.Streaming.Rendezvous;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Streaming.Rendezvous;

public sealed class ReplayBufferTests
{
    private const long MaxAge = 1_000;

    [Fact]
    public void Add_BeyondCapacity_TheOldestFallsOut()
    {
        var buffer = Filled(capacity: 3, count: 5);

        Assert.Equal(3, buffer.Count);
        Assert.Equal(3, buffer.FirstSequence);
        var items = new List<StreamReplayItem>();
        Assert.True(buffer.TryRead(2, 5, max: 10, items));
        Assert.Equal([3L, 4L, 5L], items.Select(i => i.Sequence));
        Assert.Equal([[3], [4], [5]], items.Select(i => i.Payload));
    }

    [Fact]
    public void Empty_HasFirstSequenceZero()
    {
        var buffer = new ReplayBuffer(4, MaxAge);

        Assert.Equal(0, buffer.Count);
        Assert.Equal(0, buffer.FirstSequence);
    }

    [Fact]
    public void Trim_DropsOnlyItemsOlderThanTheAgeBound()
    {
        var buffer = new ReplayBuffer(10, MaxAge);
        buffer.Add(1, [1], timestamp: 0);
        buffer.Add(2, [2], timestamp: 500);
        buffer.Add(3, [3], timestamp: 900);

        buffer.Trim(now: MaxAge);
        Assert.Equal(1, buffer.FirstSequence);

        buffer.Trim(now: MaxAge + 1);
        Assert.Equal(2, buffer.FirstSequence);

        buffer.Trim(now: 900 + MaxAge + 1);
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void TryRead_FirstWantedItemTrimmedByAge_ReturnsFalse()
    {
        var buffer = new ReplayBuffer(10, MaxAge);
        buffer.Add(1, [1], timestamp: 0);
        buffer.Add(2, [2], timestamp: 600);
        buffer.Trim(now: MaxAge + 1);
        var items = new List<StreamReplayItem>();

        Assert.False(buffer.TryRead(0, 2, max: 10, items));
        Assert.Empty(items);
        Assert.True(buffer.TryRead(1, 2, max: 10, items));
        Assert.Equal(2, Assert.Single(items).Sequence);
    }

    [Fact]
    public void TryRead_FirstWantedItemPushedOutByCount_ReturnsFalse()
    {
        var buffer = Filled(capacity: 3, count: 5);
        var items = new List<StreamReplayItem>();

        Assert.False(buffer.TryRead(1, 5, max: 10, items));
        Assert.Empty(items);
    }

    [Fact]
    public void TryRead_EverythingTrimmed_ReturnsFalseForAnyGap()
    {
        var buffer = Filled(capacity: 3, count: 2);
        buffer.Trim(now: 10 * MaxAge);

        Assert.False(buffer.TryRead(1, 2, max: 10, []));
    }

    [Fact]
    public void TryRead_NothingWanted_ReturnsTrueAndAddsNothing()
    {
        var buffer = new ReplayBuffer(3, MaxAge);
        var items = new List<StreamReplayItem>();

        Assert.True(buffer.TryRead(7, 7, max: 10, items));
        Assert.True(buffer.TryRead(8, 7, max: 10, items));
        Assert.Empty(items);
    }

    [Fact]
    public void TryRead_MoreThanMaxWanted_ReturnsOnePageFromTheStart()
    {
        var buffer = Filled(capacity: 10, count: 10);
        var items = new List<StreamReplayItem>();

        Assert.True(buffer.TryRead(2, 10, max: 4, items));

        Assert.Equal([3L, 4L, 5L, 6L], items.Select(i => i.Sequence));
    }

    [Fact]
    public void TryRead_StopsAtLastSequence()
    {
        var buffer = Filled(capacity: 10, count: 10);
        var items = new List<StreamReplayItem>();

        Assert.True(buffer.TryRead(4, 6, max: 100, items));

        Assert.Equal([5L, 6L], items.Select(i => i.Sequence));
    }

    [Fact]
    public void TryRead_AfterTheRingWrapped_ReadsInSequenceOrder()
    {
        var buffer = Filled(capacity: 4, count: 11);
        var items = new List<StreamReplayItem>();

        Assert.True(buffer.TryRead(7, 11, max: 100, items));

        Assert.Equal([8L, 9L, 10L, 11L], items.Select(i => i.Sequence));
    }

    [Fact]
    public void Add_NonContiguousSequence_ThrowsNamingBothSequences()
    {
        var buffer = Filled(capacity: 4, count: 3);

        var skipped = Assert.Throws<InvalidOperationException>(() => buffer.Add(5, [5], timestamp: 0));
        var repeated = Assert.Throws<InvalidOperationException>(() => buffer.Add(3, [3], timestamp: 0));

        Assert.Contains("5 follows 3", skipped.Message, StringComparison.Ordinal);
        Assert.Contains("3 follows 3", repeated.Message, StringComparison.Ordinal);
        Assert.Equal(3, buffer.Count);
    }

    [Fact]
    public void Constructor_CapacityBelowOne_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayBuffer(0, MaxAge));

    private static ReplayBuffer Filled(int capacity, int count)
    {
        var buffer = new ReplayBuffer(capacity, MaxAge);
        for (var sequence = 1; sequence <= count; sequence++)
        {
            buffer.Add(sequence, [(byte)sequence], timestamp: 0);
        }

        return buffer;
    }
}
