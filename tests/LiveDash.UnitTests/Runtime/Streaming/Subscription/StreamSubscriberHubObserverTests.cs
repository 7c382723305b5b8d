using LiveDash.Runtime;
using LiveDash.Runtime.Messaging.Transport;
using LiveDash.Runtime.Streaming;
using LiveDash.Runtime.Streaming.Delivery;
using Xunit;
using static LiveDash.UnitTests.Runtime.Streaming.Subscription.RecordingStreamObserver;

namespace LiveDash.UnitTests.Runtime.Streaming.Subscription;

/// <summary>Observers joining and leaving a node's subscription: replays from a position, several observers, one item type, the last one out.</summary>
public sealed class StreamSubscriberHubObserverTests : IAsyncDisposable
{
    private const long Epoch = FakeGrainFactory.FirstEpoch;

    private readonly StreamHubHarness _harness = new();
    private readonly FakeRendezvousGrain _rendezvous;

    public StreamSubscriberHubObserverTests()
    {
        _rendezvous = _harness.Rendezvous;
    }

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task SubscribeFrom_ReplaysTheItemsAfterItBeforeReturning_AndStartsThere()
    {
        var tokens = Enumerable.Range(1, 5).Select(_rendezvous.Publish).ToList();
        var observer = new RecordingStreamObserver();

        var handle = await _harness.SubscribeAsync(observer, from: tokens[1]);

        // No waiting: the replay is part of subscribing.
        Assert.Equal(tokens[1], handle.StartPosition);
        Assert.Equal([Item(tokens[2], 3), Item(tokens[3], 4), Item(tokens[4], 5)], observer.Events);
        Assert.Equal([tokens[1]], _rendezvous.SubscribeCalls);
    }

    [Fact]
    public async Task SubscribeFrom_BeyondTheReplayWindow_ResetsBeforeReturning_AndStartsAtTheResetPosition()
    {
        var tokens = Enumerable.Range(1, 5).Select(_rendezvous.Publish).ToList();
        _rendezvous.ForgetBefore(4);
        var observer = new RecordingStreamObserver();

        var handle = await _harness.SubscribeAsync(observer, from: tokens[0]);

        Assert.Equal(tokens[4], handle.StartPosition);
        Assert.Equal([Reset(StreamResetReason.TooOld, tokens[0], tokens[4])], observer.Events);

        var sixth = _rendezvous.Publish(6);
        _harness.Send(sixth);
        await observer.WaitForItemsAsync(1);
        Assert.Equal(sixth, Assert.Single(observer.Items).Token);
    }

    [Fact]
    public async Task SubscribeFrom_AnotherEpoch_ResetsWithEpochChanged_AndStartsAtTheResetPosition()
    {
        Enumerable.Range(1, 3).ToList().ForEach(i => _rendezvous.Publish(i));
        var held = new StreamSequenceToken(Epoch - 1, 40);
        var observer = new RecordingStreamObserver();

        var handle = await _harness.SubscribeAsync(observer, from: held);

        Assert.Equal(new StreamSequenceToken(Epoch, 3), handle.StartPosition);
        Assert.Equal([Reset(StreamResetReason.EpochChanged, held, new(Epoch, 3))], observer.Events);
    }

    [Fact]
    public async Task SecondObserverWithAnOlderPosition_GetsItsOwnReplay_TheFirstGetsNoDuplicates()
    {
        var tokens = Enumerable.Range(1, 3).Select(_rendezvous.Publish).ToList();
        var first = new RecordingStreamObserver();
        await _harness.SubscribeAsync(first);
        tokens.Add(_rendezvous.Publish(4));
        tokens.Add(_rendezvous.Publish(5));
        _harness.Send(tokens[3]);
        _harness.Send(tokens[4]);
        await first.WaitForItemsAsync(2);

        var second = new RecordingStreamObserver();
        var handle = await _harness.SubscribeAsync(second, from: tokens[0]);

        Assert.Equal(tokens[0], handle.StartPosition);
        Assert.Equal(tokens.Skip(1).Select((t, i) => Item(t, i + 2)), second.Events);

        tokens.Add(_rendezvous.Publish(6));
        _harness.Send(tokens[5]);
        await second.WaitForItemsAsync(5);
        await first.WaitForItemsAsync(3);
        Assert.Equal([Item(tokens[3], 4), Item(tokens[4], 5), Item(tokens[5], 6)], first.Events);
        Assert.Equal(tokens.Skip(1).Select((t, i) => Item(t, i + 2)), second.Events);
        Assert.Equal(3, _harness.Statistics.ItemsReceived);
    }

    [Fact]
    public async Task SecondObserverWithAPositionBeyondTheReplayWindow_GetsItsOwnReset_TheFirstNone()
    {
        var tokens = Enumerable.Range(1, 4).Select(_rendezvous.Publish).ToList();
        var first = new RecordingStreamObserver();
        await _harness.SubscribeAsync(first);
        _rendezvous.ForgetBefore(3);

        var second = new RecordingStreamObserver();
        var handle = await _harness.SubscribeAsync(second, from: tokens[0]);

        Assert.Equal(tokens[3], handle.StartPosition);
        Assert.Equal([Reset(StreamResetReason.TooOld, tokens[0], tokens[3])], second.Events);
        Assert.Empty(first.Events);
    }

    [Fact]
    public async Task SecondObserverWithoutAPosition_StartsAtTheSubscriptionsPosition_WithoutAskingTheRendezvous()
    {
        var first = new RecordingStreamObserver();
        await _harness.SubscribeAsync(first);
        var token = _rendezvous.Publish(1);
        _harness.Send(token);
        await first.WaitForItemsAsync(1);

        var handle = await _harness.SubscribeAsync(new RecordingStreamObserver());

        Assert.Equal(token, handle.StartPosition);
        Assert.Equal([null], _rendezvous.SubscribeCalls);
        Assert.Equal(1, _harness.Statistics.ActiveSubscriptions);
    }

    [Fact]
    public async Task ObserverThatThrows_DoesNotStopTheOthers_NorItsOwnNextItems()
    {
        var failing = new RecordingStreamObserver(throwOnItems: true);
        var healthy = new RecordingStreamObserver();
        await _harness.SubscribeAsync(failing);
        await _harness.SubscribeAsync(healthy);
        var tokens = Enumerable.Range(1, 3).Select(_rendezvous.Publish).ToList();

        tokens.ForEach(_harness.Send);
        await healthy.WaitForItemsAsync(3);

        Assert.Equal([1, 2, 3], healthy.Items.Select(i => i.Item));
        Assert.Equal([1, 2, 3], failing.Items.Select(i => i.Item));
        Assert.Equal(3, _harness.Statistics.ItemsDelivered);
    }

    [Fact]
    public async Task SubscribingWithAnotherItemType_Throws_NamingBothTypes()
    {
        await _harness.SubscribeAsync(new RecordingStreamObserver());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => _harness.Hub.SubscribeAsync(StreamHubHarness.Stream, new StringObserver(), from: null, CancellationToken.None));

        Assert.Contains("System.Int32", error.Message, StringComparison.Ordinal);
        Assert.Contains("System.String", error.Message, StringComparison.Ordinal);
        Assert.Contains(StreamHubHarness.Stream.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _harness.Statistics.ActiveSubscriptions);
    }

    [Fact]
    public async Task UnsubscribingTheLastObserver_GivesTheLeaseBack_AndEndsTheSubscription()
    {
        var first = await _harness.SubscribeAsync(new RecordingStreamObserver());
        var second = await _harness.SubscribeAsync(new RecordingStreamObserver());

        await ChangeSignal.WithinTimeout(first.UnsubscribeAsync(), "the first observer's removal");
        Assert.Equal(1, _harness.Statistics.ActiveSubscriptions);

        await ChangeSignal.WithinTimeout(second.UnsubscribeAsync(), "the last observer's removal");
        Assert.Equal(0, _harness.Statistics.ActiveSubscriptions);
        await _rendezvous.WaitForUnsubscribeCallsAsync(1);
        Assert.Empty(_rendezvous.Leases);

        // Twice is harmless.
        await ChangeSignal.WithinTimeout(second.UnsubscribeAsync(), "a second removal to return at once");
        Assert.Equal(1, _rendezvous.UnsubscribeCalls);
    }

    [Fact]
    public async Task SubscribingAfterTheLastObserverLeft_StartsAFreshSubscription()
    {
        var gone = new RecordingStreamObserver();
        var handle = await _harness.SubscribeAsync(gone);
        await ChangeSignal.WithinTimeout(handle.UnsubscribeAsync(), "the observer's removal");
        await _rendezvous.WaitForUnsubscribeCallsAsync(1);
        var missed = _rendezvous.Publish(1);
        _harness.Send(missed);

        var observer = new RecordingStreamObserver();
        var fresh = await _harness.SubscribeAsync(observer);
        var token = _rendezvous.Publish(2);
        _harness.Send(token);
        await observer.WaitForItemsAsync(1);

        Assert.Equal(missed, fresh.StartPosition);
        Assert.Equal([null, null], _rendezvous.SubscribeCalls);
        Assert.Equal([Item(token, 2)], observer.Events);
        Assert.Empty(gone.Events);
        Assert.Equal(1, _harness.Statistics.ActiveSubscriptions);
        Assert.Equal([_harness.NodeId], _rendezvous.Leases);
    }

    [Fact]
    public async Task FirstSubscribeFailing_ThrowsToTheCaller_LeavesNoSubscription_AndALaterOneWorks()
    {
        _rendezvous.FailWith = new SiloUnavailableException("The stream's silo is unreachable.");

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => _harness.SubscribeAsync(new RecordingStreamObserver()));

        Assert.Equal("The stream's silo is unreachable.", error.Message);
        Assert.Equal(0, _harness.Statistics.ActiveSubscriptions);
        _rendezvous.FailWith = null;
        var observer = new RecordingStreamObserver();
        await _harness.SubscribeAsync(observer);
        var token = _rendezvous.Publish(1);
        _harness.Send(token);
        await observer.WaitForItemsAsync(1);
        Assert.Equal(1, _harness.Statistics.ActiveSubscriptions);
        Assert.Equal(0, _rendezvous.UnsubscribeCalls);
    }

    [Fact]
    public async Task ItemMessage_WellFormedIsDelivered_TooShortIsDroppedUncounted()
    {
        var observer = new RecordingStreamObserver();
        await _harness.SubscribeAsync(observer);
        var rendezvousId = StreamGrainIds.ForStream(StreamHubHarness.Stream);
        var first = _rendezvous.Publish(1);
        var second = _rendezvous.Publish(2);

        _harness.Hub.OnItemMessage(new Message { Kind = MessageKind.StreamItem, Target = rendezvousId, Id = 1, Body = StreamItemFrame.Encode(Epoch, _rendezvous.PayloadAt(first)) });
        _harness.Hub.OnItemMessage(new Message { Kind = MessageKind.StreamItem, Target = rendezvousId, Id = 2, Body = new byte[7] });
        _harness.Hub.OnItemMessage(new Message { Kind = MessageKind.StreamItem, Target = rendezvousId, Id = 2, Body = StreamItemFrame.Encode(Epoch, _rendezvous.PayloadAt(second)) });
        await observer.WaitForItemsAsync(2);

        Assert.Equal([Item(first, 1), Item(second, 2)], observer.Events);
        Assert.Equal(2, _harness.Statistics.ItemsReceived);
    }

    [Fact]
    public async Task ItemForAStreamNotSubscribed_IsCountedAndDropped()
    {
        var observer = new RecordingStreamObserver();
        await _harness.SubscribeAsync(observer);

        _harness.Hub.OnItem(StreamGrainIds.ForStream(new StreamId("metric", "other")), Epoch, 1, FakeRendezvousGrain.Serialize(5));
        var token = _rendezvous.Publish(1);
        _harness.Send(token);
        await observer.WaitForItemsAsync(1);

        Assert.Equal([Item(token, 1)], observer.Events);
        Assert.Equal(2, _harness.Statistics.ItemsReceived);
        Assert.Equal(1, _harness.Statistics.ItemsDelivered);
    }

    [Fact]
    public async Task DisposingTheHub_GivesEveryLeaseBack()
    {
        await _harness.SubscribeAsync(new RecordingStreamObserver());
        Assert.Equal([_harness.NodeId], _rendezvous.Leases);

        await ChangeSignal.WithinTimeout(_harness.Hub.DisposeAsync().AsTask(), "the hub's disposal");

        Assert.Equal(1, _rendezvous.UnsubscribeCalls);
        Assert.Empty(_rendezvous.Leases);
    }

    private sealed class StringObserver : IStreamObserver<string>
    {
        public Task OnNextAsync(string item, StreamSequenceToken token) => Task.CompletedTask;
    }
}
