using LiveDash.Runtime.Streaming;
using Xunit;
using static LiveDash.UnitTests.Runtime.Streaming.Subscription.RecordingStreamObserver;

namespace LiveDash.UnitTests.Runtime.Streaming.Subscription;

/// <summary>How a node subscription orders what arrives: in order, duplicates, gaps, resets, epochs, pages.</summary>
public sealed class NodeStreamSubscriptionDeliveryTests : IAsyncDisposable
{
    private const long Epoch = FakeGrainFactory.FirstEpoch;

    private readonly StreamHubHarness _harness = new();
    private readonly FakeRendezvousGrain _rendezvous;
    private readonly RecordingStreamObserver _observer = new();

    public NodeStreamSubscriptionDeliveryTests()
    {
        _rendezvous = _harness.Rendezvous;
    }

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task ItemsInOrder_AreDeliveredInOrder_WithoutAskingTheRendezvous()
    {
        var handle = await _harness.SubscribeAsync(_observer);
        var tokens = Enumerable.Range(1, 3).Select(i => _rendezvous.Publish(i * 10)).ToList();

        tokens.ForEach(_harness.Send);
        await _observer.WaitForItemsAsync(3);

        Assert.Equal(new StreamSequenceToken(Epoch, 0), handle.StartPosition);
        Assert.Equal([Item(new(Epoch, 1), 10), Item(new(Epoch, 2), 20), Item(new(Epoch, 3), 30)], _observer.Events);
        Assert.Equal([null], _rendezvous.SubscribeCalls);
        Assert.Equal(3, _harness.Statistics.ItemsReceived);
        Assert.Equal(3, _harness.Statistics.ItemsDelivered);
        Assert.Equal(0, _harness.Statistics.DuplicatesDropped);
        Assert.Equal(1, _harness.Statistics.ActiveSubscriptions);
    }

    [Fact]
    public async Task ItemReceivedTwice_IsDeliveredOnce_AndCountedAsADuplicate()
    {
        await _harness.SubscribeAsync(_observer);
        var first = _rendezvous.Publish(1);
        var second = _rendezvous.Publish(2);
        var third = _rendezvous.Publish(3);

        _harness.Send(first);
        _harness.Send(first);
        _harness.Send(second);
        _harness.Send(first);
        _harness.Send(third);
        await _observer.WaitForItemsAsync(3);

        Assert.Equal([1, 2, 3], _observer.Items.Select(i => i.Item));
        Assert.Equal(2, _harness.Statistics.DuplicatesDropped);
        Assert.Equal(5, _harness.Statistics.ItemsReceived);
        Assert.Equal([null], _rendezvous.SubscribeCalls);
    }

    [Fact]
    public async Task ItemAfterAGap_IsHeldUntilTheCatchUpFillsTheGap_ThenDeliveredInOrder()
    {
        await _harness.SubscribeAsync(_observer);
        var first = _rendezvous.Publish(1);
        var second = _rendezvous.Publish(2);
        var third = _rendezvous.Publish(3);

        // One item per answer: the catch-up brings 2 alone, so 3 must come from what was held.
        _rendezvous.PageSize = 1;
        _harness.Send(first);
        _harness.Send(third);
        await _observer.WaitForItemsAsync(3);

        // The late original of the gap is a duplicate by now.
        _harness.Send(second);
        await _harness.SettleAsync();

        Assert.Equal([Item(first, 1), Item(second, 2), Item(third, 3)], _observer.Events);
        Assert.Equal([null, first], _rendezvous.SubscribeCalls);
        Assert.Equal(1, _harness.Statistics.ItemsRecovered);
        Assert.Equal(3, _harness.Statistics.ItemsDelivered);
        Assert.Equal(1, _harness.Statistics.DuplicatesDropped);
    }

    [Fact]
    public async Task GapOlderThanTheReplayWindow_IsReportedAsTooOld_ThenLaterItemsFollow()
    {
        await _harness.SubscribeAsync(_observer);
        var first = _rendezvous.Publish(1);
        _harness.Send(first);
        for (var i = 2; i <= 4; i++)
        {
            _rendezvous.Publish(i);
        }

        var fifth = _rendezvous.Publish(5);
        _rendezvous.ForgetBefore(4);

        _harness.Send(fifth);
        await _observer.WaitUntilAsync(o => o.Resets.Count == 1, "a reset");
        var sixth = _rendezvous.Publish(6);
        _harness.Send(sixth);
        await _observer.WaitForItemsAsync(2);

        Assert.Equal([Item(first, 1), Reset(StreamResetReason.TooOld, first, fifth), Item(sixth, 6)], _observer.Events);
        Assert.Equal(new StreamReset(StreamResetReason.TooOld, first, fifth), Assert.Single(_observer.Resets));
        Assert.Equal(1, _harness.Statistics.Resets);
        Assert.Equal(0, _harness.Statistics.ItemsRecovered);
    }

    [Fact]
    public async Task ItemFromANewerEpoch_AsksTheRendezvous_AndReportsEpochChangedBeforeTheNewItems()
    {
        await _harness.SubscribeAsync(_observer);
        var old = _rendezvous.Publish(1);
        _harness.Send(old);
        await _observer.WaitForItemsAsync(1);

        _rendezvous.Reactivate(Epoch + 1);
        _rendezvous.Publish(11);
        var newSecond = _rendezvous.Publish(12);
        _harness.Send(newSecond);
        await _observer.WaitUntilAsync(o => o.Resets.Count == 1, "a reset");
        var newThird = _rendezvous.Publish(13);
        _harness.Send(newThird);
        await _observer.WaitForItemsAsync(2);

        Assert.Equal(
            [Item(old, 1), Reset(StreamResetReason.EpochChanged, old, newSecond), Item(newThird, 13)],
            _observer.Events);
        Assert.Equal([null, old], _rendezvous.SubscribeCalls);
    }

    [Fact]
    public async Task ItemFromAnOlderEpoch_IsDropped_WithoutAskingTheRendezvous()
    {
        await _harness.SubscribeAsync(_observer);
        var first = _rendezvous.Publish(1);
        _harness.Send(first);

        _harness.Send(Epoch - 1, 2, 999);
        _harness.Send(Epoch - 1, 7, 999);
        var second = _rendezvous.Publish(2);
        _harness.Send(second);
        await _observer.WaitForItemsAsync(2);

        Assert.Equal([Item(first, 1), Item(second, 2)], _observer.Events);
        Assert.Equal(2, _harness.Statistics.DuplicatesDropped);
        Assert.Equal([null], _rendezvous.SubscribeCalls);
    }

    [Fact]
    public async Task RenewalFindsANewEpochNumberedBelowTheOldOne_ReportsEpochChanged_ThenDeliversTheNewEpoch()
    {
        // Epochs come from the activating silo's clock: a stream that moves to a silo whose clock is
        // behind gets a smaller epoch. Its items look older than the node's position and are dropped,
        // so only the renewal can notice the change, and it must, or the node stays silent for good.
        await using var harness = new StreamHubHarness(o => o.LeaseRenewalPeriod = TimeSpan.FromSeconds(5));
        var rendezvous = harness.Rendezvous;
        var observer = new RecordingStreamObserver();
        await harness.SubscribeAsync(observer);
        var old = rendezvous.Publish(1);
        harness.Send(old);
        await observer.WaitForItemsAsync(1);

        rendezvous.Reactivate(Epoch - 1);
        var newFirst = rendezvous.Publish(11);
        harness.Send(newFirst);
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await observer.WaitUntilAsync(o => o.Resets.Count == 1, "an epoch-changed reset found by the renewal");
        var newSecond = rendezvous.Publish(12);
        harness.Send(newSecond);
        await observer.WaitForItemsAsync(2);

        Assert.Equal(
            [Item(old, 1), Reset(StreamResetReason.EpochChanged, old, newFirst), Item(newSecond, 12)],
            observer.Events);
    }

    [Fact]
    public async Task GapLongerThanOnePage_AsksAgainUntilCaughtUp()
    {
        await _harness.SubscribeAsync(_observer);
        _rendezvous.PageSize = 2;
        var tokens = Enumerable.Range(1, 7).Select(_rendezvous.Publish).ToList();

        _harness.Send(tokens[0]);
        _harness.Send(tokens[6]);
        await _observer.WaitForItemsAsync(7);

        Assert.Equal(tokens.Select((t, i) => Item(t, i + 1)), _observer.Events);
        Assert.Equal([null, tokens[0], tokens[2], tokens[4]], _rendezvous.SubscribeCalls);
        Assert.Equal(6, _harness.Statistics.ItemsRecovered);
    }

    [Fact]
    public async Task ItemArrivingBeforeTheFirstAnswer_IsDeliveredAfterIt()
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _rendezvous.AnswerGate = answer.Task;
        var subscribing = _harness.SubscribeAsync(_observer);
        await _rendezvous.WaitForSubscribeCallsAsync(1);

        // The lease is taken: the rendezvous sends the next item before its answer gets back.
        var first = _rendezvous.Publish(1);
        _harness.Send(first);
        _rendezvous.AnswerNext(_ => new(new StreamSequenceToken(Epoch, 0), Reset: null, []));
        answer.SetResult();
        var handle = await subscribing;
        await _observer.WaitForItemsAsync(1);

        Assert.Equal(new StreamSequenceToken(Epoch, 0), handle.StartPosition);
        Assert.Equal([Item(first, 1)], _observer.Events);
    }

    [Fact]
    public async Task SecondRenewal_FindsASilentlyLostLastItem_AndDeliversIt()
    {
        await using var harness = new StreamHubHarness(o => o.LeaseRenewalPeriod = TimeSpan.FromSeconds(5));
        var rendezvous = harness.Rendezvous;
        var observer = new RecordingStreamObserver();
        await harness.SubscribeAsync(observer);
        var first = rendezvous.Publish(1);
        harness.Send(first);
        var lost = rendezvous.Publish(2);

        // The first renewal learns the stream is at 2, which may still be on its way; the second, a
        // period later, finds the node still short of that and catches up from its own position.
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await rendezvous.WaitForSubscribeCallsAsync(2);
        Assert.Equal([Item(first, 1)], observer.Events);
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await observer.WaitForItemsAsync(2);

        Assert.Equal([Item(first, 1), Item(lost, 2)], observer.Events);
        Assert.Equal([null, null, null, first], rendezvous.SubscribeCalls);
        Assert.Equal(1, harness.Statistics.ItemsRecovered);
    }
}
