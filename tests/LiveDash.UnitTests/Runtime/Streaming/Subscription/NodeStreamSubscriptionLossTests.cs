using LiveDash.Runtime;
using Xunit;
using static LiveDash.UnitTests.Runtime.Streaming.Subscription.RecordingStreamObserver;

namespace LiveDash.UnitTests.Runtime.Streaming.Subscription;

/// <summary>A subscription whose renewals fail: loss reported once, retries with backoff on the manual clock, restoration with what was missed.</summary>
public sealed class NodeStreamSubscriptionLossTests
{
    private static readonly TimeSpan s_millisecond = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan[] s_firstBackoffs = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)];

    [Fact]
    public async Task RenewalFails_LossReportedOnce_RetriesAfter100_200_400_800Ms_ThenRestoredAfterTheMissedItems()
    {
        var renewalPeriod = TimeSpan.FromMinutes(1);
        await using var harness = new StreamHubHarness(o => o.LeaseRenewalPeriod = renewalPeriod);
        var rendezvous = harness.Rendezvous;
        var observer = new RecordingStreamObserver();
        await harness.SubscribeAsync(observer);
        var first = rendezvous.Publish(1);
        harness.Send(first);
        await observer.WaitForItemsAsync(1);

        rendezvous.FailWith = new SiloUnavailableException("The stream's silo is unreachable.");
        harness.Time.Advance(renewalPeriod);
        await rendezvous.WaitForSubscribeCallsAsync(2);
        await harness.Time.WaitForOneShotAsync(TimeSpan.FromMilliseconds(100));
        Assert.Equal([Item(first, 1), "lost"], observer.Events);
        Assert.Equal(1, harness.Statistics.SubscriptionsLost);

        // Published while the node is cut off: it gets these only by catching up.
        var second = rendezvous.Publish(2);
        var third = rendezvous.Publish(3);

        var calls = 2;
        foreach (var delay in s_firstBackoffs)
        {
            harness.Time.Advance(delay - s_millisecond);
            Assert.Equal(calls, rendezvous.SubscribeCalls.Count);
            harness.Time.Advance(s_millisecond);
            await rendezvous.WaitForSubscribeCallsAsync(++calls);
            await harness.Time.WaitForOneShotAsync(2 * delay);
        }

        Assert.Equal(1, harness.Statistics.SubscriptionsLost);
        rendezvous.FailWith = null;
        harness.Time.Advance(TimeSpan.FromMilliseconds(799));
        Assert.Equal(calls, rendezvous.SubscribeCalls.Count);
        harness.Time.Advance(s_millisecond);
        await observer.WaitForEventAsync(Restored(third));

        Assert.Equal([Item(first, 1), "lost", Item(second, 2), Item(third, 3), Restored(third)], observer.Events);
        Assert.Equal([null, first, first, first, first, first], rendezvous.SubscribeCalls);
        Assert.Equal(1, harness.Statistics.SubscriptionsLost);
        Assert.Equal(1, harness.Statistics.SubscriptionsRestored);
        Assert.Equal(2, harness.Statistics.ItemsRecovered);
    }

    [Fact]
    public async Task LongOutage_BackoffStopsAtItsMaximum()
    {
        var renewalPeriod = TimeSpan.FromMinutes(10);
        var maxBackoff = TimeSpan.FromMilliseconds(300);
        await using var harness = new StreamHubHarness(o =>
        {
            o.LeaseRenewalPeriod = renewalPeriod;
            o.MaxResubscribeBackoff = maxBackoff;
        });
        var rendezvous = harness.Rendezvous;
        await harness.SubscribeAsync(new RecordingStreamObserver());
        rendezvous.FailWith = new SiloUnavailableException("The stream's silo is unreachable.");
        harness.Time.Advance(renewalPeriod);
        await harness.Time.WaitForOneShotAsync(TimeSpan.FromMilliseconds(100));

        harness.Time.Advance(TimeSpan.FromMilliseconds(100));
        await harness.Time.WaitForOneShotAsync(TimeSpan.FromMilliseconds(200));
        for (var i = 1; i <= 5; i++)
        {
            harness.Time.Advance(i == 1 ? TimeSpan.FromMilliseconds(200) : maxBackoff);
            await harness.Time.WaitForOneShotAsync(maxBackoff, count: i);
        }

        Assert.Equal(8, rendezvous.SubscribeCalls.Count);
        Assert.Equal(1, harness.Statistics.SubscriptionsLost);
    }
}
