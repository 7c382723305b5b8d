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
        // The failed renewal only asked for the position (null); the retries of a lost subscription catch up from it.
        Assert.Equal([null, null, first, first, first, first], rendezvous.SubscribeCalls);
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

    /// <summary>
    /// During an outage the periodic renewal keeps firing. Each of its failures used to arm another retry
    /// loop beside the one already waiting, and a loop ends only when a call succeeds, so the retries
    /// pending (and the calls they make, per stream) grew with the length of the outage; loops merged
    /// only when two happened to fire together. One retry pending at a time keeps the rate at one call
    /// per renewal period plus one per backoff.
    /// </summary>
    [Fact]
    public async Task LongOutage_RenewalsDuringIt_DoNotMultiplyTheRetries()
    {
        var renewalPeriod = TimeSpan.FromSeconds(1);
        var maxBackoff = TimeSpan.FromSeconds(5);
        var step = TimeSpan.FromMilliseconds(100);
        await using var harness = new StreamHubHarness(o =>
        {
            o.LeaseRenewalPeriod = renewalPeriod;
            o.LeaseDuration = 3 * renewalPeriod;
            o.MaxResubscribeBackoff = maxBackoff;
        });
        var rendezvous = harness.Rendezvous;
        await harness.SubscribeAsync(new RecordingStreamObserver());
        rendezvous.FailWith = new SiloUnavailableException("The stream's silo is unreachable.");

        // A minute of outage, in steps that let the subscription finish each attempt.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(1); elapsed += step)
        {
            harness.Time.Advance(step);
            await harness.SettleAsync();
        }

        var callsBefore = rendezvous.SubscribeCalls.Count;
        var retriesBefore = harness.Time.OneShotsCreatedUpTo(maxBackoff);
        var window = TimeSpan.FromSeconds(10);
        for (var elapsed = TimeSpan.Zero; elapsed < window; elapsed += step)
        {
            harness.Time.Advance(step);
            await harness.SettleAsync();
        }

        var retries = harness.Time.OneShotsCreatedUpTo(maxBackoff) - retriesBefore;
        var calls = rendezvous.SubscribeCalls.Count - callsBefore;
        var allowedRetries = (int)(window / maxBackoff) + 1;
        var allowedCalls = (int)(window / renewalPeriod) + allowedRetries;
        Assert.True(retries <= allowedRetries, $"In {window.TotalSeconds} s of outage the subscription armed {retries} retries; one at a time, every {maxBackoff.TotalSeconds} s at most, makes at most {allowedRetries}.");
        Assert.True(calls <= allowedCalls, $"In {window.TotalSeconds} s of outage the subscription called its rendezvous grain {calls} times; at most {allowedCalls} (one per renewal period, one per retry) were expected.");
        Assert.Equal(1, harness.Statistics.SubscriptionsLost);
    }
}
