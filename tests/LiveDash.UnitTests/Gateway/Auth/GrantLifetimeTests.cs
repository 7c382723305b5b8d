using LiveDash.Gateway.Auth;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Auth;

public sealed class GrantLifetimeTests
{
    [Fact]
    public void Watch_TicketGrant_FiresAtItsExpiryAndNotBefore()
    {
        var gateway = new AuthFixture();
        var grant = new AccessGrant(AccessScope.View, gateway.Key(AuthFixture.ViewKey).FingerprintHex, gateway.Time.GetUtcNow() + TimeSpan.FromHours(1));
        using var watch = gateway.Lifetime.Watch(grant);

        gateway.Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1));
        Assert.False(watch.Expired.IsCancellationRequested, "The watch fired before the grant expired.");

        gateway.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(watch.Expired.IsCancellationRequested, "The watch did not fire when the grant expired.");
    }

    [Fact]
    public void Watch_GrantAlreadyExpired_FiresAtOnce()
    {
        var gateway = new AuthFixture();
        using var watch = gateway.Lifetime.Watch(new AccessGrant(AccessScope.View, gateway.Key(AuthFixture.ViewKey).FingerprintHex, gateway.Time.GetUtcNow()));

        Assert.True(watch.Expired.IsCancellationRequested);
    }

    [Fact]
    public void Watch_BearerGrant_NeverExpiresWithTime()
    {
        var gateway = new AuthFixture();
        using var watch = gateway.Lifetime.Watch(new AccessGrant(AccessScope.View, gateway.Key(AuthFixture.ViewKey).FingerprintHex, ExpiresAt: null));

        gateway.Time.Advance(TimeSpan.FromDays(30));

        Assert.False(watch.Expired.IsCancellationRequested);
    }

    [Fact]
    public void Watch_ExpiryBeyondWhatATimerCanWait_DoesNotThrowAndStillFollowsKeyRemoval()
    {
        var gateway = new AuthFixture();
        using var watch = gateway.Lifetime.Watch(new AccessGrant(AccessScope.View, gateway.Key(AuthFixture.ViewKey).FingerprintHex, gateway.Time.GetUtcNow() + TimeSpan.FromDays(400)));

        gateway.Reconfigure(("LiveDash:Auth:ViewKeys", AuthFixture.BothKey));

        Assert.True(watch.Expired.IsCancellationRequested);
    }

    [Fact]
    public void Watch_KeyRemovedByReload_Fires()
    {
        var gateway = new AuthFixture();
        using var removed = gateway.Lifetime.Watch(new AccessGrant(AccessScope.View, gateway.Key(AuthFixture.ViewKey).FingerprintHex, ExpiresAt: null));
        using var kept = gateway.Lifetime.Watch(new AccessGrant(AccessScope.View | AccessScope.Ingest, gateway.Key(AuthFixture.BothKey).FingerprintHex, ExpiresAt: null));

        gateway.Reconfigure(("LiveDash:Auth:ViewKeys", AuthFixture.BothKey));

        Assert.True(removed.Expired.IsCancellationRequested, "The removed key's connection was not told to reauthenticate.");
        Assert.False(kept.Expired.IsCancellationRequested, "A kept key's connection was told to reauthenticate.");
    }

    [Fact]
    public void Watch_KeyLosesAScopeTheGrantHolds_Fires()
    {
        var gateway = new AuthFixture();
        using var watch = gateway.Lifetime.Watch(new AccessGrant(AccessScope.View | AccessScope.Ingest, gateway.Key(AuthFixture.BothKey).FingerprintHex, ExpiresAt: null));

        gateway.Reconfigure(("LiveDash:Auth:IngestKeys", AuthFixture.IngestKey));

        Assert.True(watch.Expired.IsCancellationRequested);
    }

    [Fact]
    public void Watch_OpenGrantWhenKeysAreConfigured_Fires()
    {
        var gateway = new AuthFixture(ingestKeys: "", viewKeys: "");
        using var watch = gateway.Lifetime.Watch(new AccessGrant(AccessScope.View | AccessScope.Ingest, "10.1.2.3", ExpiresAt: null));

        gateway.Reconfigure(("LiveDash:Auth:ViewKeys", AuthFixture.ViewKey));

        Assert.True(watch.Expired.IsCancellationRequested);
    }

    [Fact]
    public void Watch_UnrelatedReload_DoesNotFire()
    {
        var gateway = new AuthFixture();
        using var watch = gateway.Lifetime.Watch(new AccessGrant(AccessScope.View, gateway.Key(AuthFixture.ViewKey).FingerprintHex, ExpiresAt: null));

        gateway.Reconfigure(("LiveDash:Demo", "true"));

        Assert.False(watch.Expired.IsCancellationRequested);
    }

    [Fact]
    public void Dispose_Watch_StopsTrackingIt()
    {
        var gateway = new AuthFixture();
        var watch = gateway.Lifetime.Watch(new AccessGrant(AccessScope.View, gateway.Key(AuthFixture.ViewKey).FingerprintHex, gateway.Time.GetUtcNow() + TimeSpan.FromHours(1)));
        Assert.Equal(1, gateway.Lifetime.ActiveWatchCount);

        watch.Dispose();
        watch.Dispose();

        Assert.Equal(0, gateway.Lifetime.ActiveWatchCount);
        Assert.Equal(0, gateway.Time.ActiveTimerCount);
        gateway.Reconfigure(("LiveDash:Auth:ViewKeys", AuthFixture.BothKey));
    }
}
