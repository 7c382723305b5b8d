using LiveDash.Gateway.Auth;
using LiveDash.TestingHost;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Auth;

public sealed class TicketServiceTests
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    [Fact]
    public void Redeem_FreshTicket_GrantsItsKeysScopesUntilSessionEnd()
    {
        var gateway = new AuthFixture();
        var issuedAt = gateway.Time.GetUtcNow();
        var ticket = gateway.TicketFor(AuthFixture.ViewKey);

        var redemption = gateway.Tickets.Redeem(ticket, AccessScope.View, AccessScope.None);

        Assert.Equal(TicketRedemptionStatus.Granted, redemption.Status);
        Assert.Equal(AccessScope.View, redemption.Scopes);
        Assert.Same(gateway.Key(AuthFixture.ViewKey), redemption.Issuer);
        Assert.Equal(issuedAt + gateway.Options.SessionLifetime, redemption.SessionExpiresAt);
    }

    [Fact]
    public void Issue_Ticket_IsOpaqueBase64UrlOfFixedLengthWithoutTheKey()
    {
        var gateway = new AuthFixture();
        var issued = gateway.Tickets.Issue(gateway.Key(AuthFixture.ViewKey), AccessScope.View);

        Assert.Equal(TicketCodec.EncodedLength, issued.Ticket.Length);
        Assert.All(issued.Ticket, c => Assert.Contains(c, Base64UrlAlphabet));
        Assert.DoesNotContain(AuthFixture.ViewKey, issued.Ticket, StringComparison.Ordinal);
        Assert.Equal(gateway.Time.GetUtcNow() + TimeSpan.FromSeconds(30), issued.ExpiresAt);
    }

    [Fact]
    public void Issue_TwoTickets_Differ()
    {
        var gateway = new AuthFixture();
        Assert.NotEqual(gateway.TicketFor(AuthFixture.ViewKey), gateway.TicketFor(AuthFixture.ViewKey));
    }

    [Fact]
    public void Redeem_AnyCharacterAltered_IsInvalid()
    {
        var gateway = new AuthFixture();
        var ticket = gateway.TicketFor(AuthFixture.BothKey);
        for (var i = 0; i < ticket.Length; i++)
        {
            var replacement = Base64UrlAlphabet[(Base64UrlAlphabet.IndexOf(ticket[i], StringComparison.Ordinal) + 1) % Base64UrlAlphabet.Length];
            var altered = string.Concat(ticket.AsSpan(0, i), replacement.ToString(), ticket.AsSpan(i + 1));

            var redemption = gateway.Tickets.Redeem(altered, AccessScope.View, AccessScope.None);

            Assert.True(redemption.Status == TicketRedemptionStatus.Invalid, $"A ticket altered at character {i} was {redemption.Status}, expected Invalid.");
        }

        Assert.Equal(TicketRedemptionStatus.Granted, gateway.Tickets.Redeem(ticket, AccessScope.View, AccessScope.None).Status);
    }

    [Fact]
    public void Redeem_Garbage_IsInvalid()
    {
        var gateway = new AuthFixture();
        string[] garbage =
        [
            "",
            "x",
            "not a ticket at all",
            new string('!', TicketCodec.EncodedLength),
            new string('A', TicketCodec.EncodedLength),
            new string('_', TicketCodec.EncodedLength),
            Convert.ToBase64String(new byte[TicketCodec.Length]),
        ];
        foreach (var text in garbage)
        {
            var status = gateway.Tickets.Redeem(text, AccessScope.View, AccessScope.None).Status;
            Assert.True(status == TicketRedemptionStatus.Invalid, $"'{text}' was {status}, expected Invalid.");
        }
    }

    [Fact]
    public void Redeem_TruncatedOrExtended_IsInvalid()
    {
        var gateway = new AuthFixture();
        var ticket = gateway.TicketFor(AuthFixture.ViewKey);

        Assert.Equal(TicketRedemptionStatus.Invalid, gateway.Tickets.Redeem(ticket.AsSpan()[..^1], AccessScope.View, AccessScope.None).Status);
        Assert.Equal(TicketRedemptionStatus.Invalid, gateway.Tickets.Redeem(ticket.AsSpan()[..40], AccessScope.View, AccessScope.None).Status);
        Assert.Equal(TicketRedemptionStatus.Invalid, gateway.Tickets.Redeem(ticket + "A", AccessScope.View, AccessScope.None).Status);
        Assert.Equal(TicketRedemptionStatus.Invalid, gateway.Tickets.Redeem(ticket + "=", AccessScope.View, AccessScope.None).Status);
    }

    [Fact]
    public void Redeem_JustBeforeExpiry_IsGranted()
    {
        var gateway = new AuthFixture();
        var ticket = gateway.TicketFor(AuthFixture.ViewKey);
        gateway.Time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));

        Assert.Equal(TicketRedemptionStatus.Granted, gateway.Tickets.Redeem(ticket, AccessScope.View, AccessScope.None).Status);
    }

    [Fact]
    public void Redeem_AtExpiry_IsExpired()
    {
        var gateway = new AuthFixture();
        var ticket = gateway.TicketFor(AuthFixture.ViewKey);
        gateway.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(TicketRedemptionStatus.Expired, gateway.Tickets.Redeem(ticket, AccessScope.View, AccessScope.None).Status);
    }

    [Fact]
    public void Redeem_Twice_SecondIsAlreadyUsed()
    {
        var gateway = new AuthFixture();
        var ticket = gateway.TicketFor(AuthFixture.ViewKey);

        Assert.Equal(TicketRedemptionStatus.Granted, gateway.Tickets.Redeem(ticket, AccessScope.View, AccessScope.None).Status);
        Assert.Equal(TicketRedemptionStatus.AlreadyUsed, gateway.Tickets.Redeem(ticket, AccessScope.View, AccessScope.None).Status);
    }

    [Fact]
    public void Redeem_IssuingKeyRemovedByReload_IsInvalid()
    {
        var gateway = new AuthFixture();
        var ticket = gateway.TicketFor(AuthFixture.ViewKey);

        gateway.Reconfigure(("LiveDash:Auth:ViewKeys", "another-view-key-0123456789"));

        Assert.Equal(TicketRedemptionStatus.Invalid, gateway.Tickets.Redeem(ticket, AccessScope.View, AccessScope.None).Status);
    }

    [Fact]
    public void Redeem_OtherKeyRemovedByReload_StillGranted()
    {
        var gateway = new AuthFixture();
        var ticket = gateway.TicketFor(AuthFixture.ViewKey);

        gateway.Reconfigure(("LiveDash:Auth:IngestKeys", "rotated-ingest-key-0123456789"));

        Assert.Equal(TicketRedemptionStatus.Granted, gateway.Tickets.Redeem(ticket, AccessScope.View, AccessScope.None).Status);
    }

    [Fact]
    public void Redeem_IssuedByAnotherGatewayWithTheSameKeys_IsGrantedThereOnce()
    {
        // Two gateways of a cluster, or one gateway before and after a restart: nothing is shared but the keys.
        var clock = new ManualTimeProvider();
        var a = new AuthFixture(time: clock);
        var b = new AuthFixture(ingestKeys: AuthFixture.BothKey, viewKeys: AuthFixture.BothKey, time: clock);
        var ticket = a.TicketFor(AuthFixture.BothKey);

        var redemption = b.Tickets.Redeem(ticket, AccessScope.Ingest, AccessScope.None);

        Assert.Equal(TicketRedemptionStatus.Granted, redemption.Status);
        Assert.Equal(AccessScope.View | AccessScope.Ingest, redemption.Scopes);
        Assert.Equal(a.Key(AuthFixture.BothKey).FingerprintHex, redemption.Issuer?.FingerprintHex);
        Assert.Equal(TicketRedemptionStatus.AlreadyUsed, b.Tickets.Redeem(ticket, AccessScope.View, AccessScope.None).Status);
    }

    [Fact]
    public void Redeem_AtGatewayWithAnotherTicketSecret_IsInvalid()
    {
        var a = new AuthFixture(settings: new Dictionary<string, string?> { ["LiveDash:Auth:TicketSecret"] = "secret-of-gateway-a-0123456789" });
        var b = new AuthFixture(settings: new Dictionary<string, string?> { ["LiveDash:Auth:TicketSecret"] = "secret-of-gateway-b-0123456789" });
        var sameSecret = new AuthFixture(settings: new Dictionary<string, string?> { ["LiveDash:Auth:TicketSecret"] = "secret-of-gateway-a-0123456789" });
        var ticket = a.TicketFor(AuthFixture.ViewKey);

        Assert.Equal(TicketRedemptionStatus.Invalid, b.Tickets.Redeem(ticket, AccessScope.View, AccessScope.None).Status);
        Assert.Equal(TicketRedemptionStatus.Granted, sameSecret.Tickets.Redeem(ticket, AccessScope.View, AccessScope.None).Status);
    }

    [Fact]
    public void Redeem_ViewTicketForIngest_IsForbiddenAndNotConsumed()
    {
        var gateway = new AuthFixture();
        var ticket = gateway.TicketFor(AuthFixture.ViewKey);

        Assert.Equal(TicketRedemptionStatus.Forbidden, gateway.Tickets.Redeem(ticket, AccessScope.Ingest, AccessScope.None).Status);
        Assert.Equal(TicketRedemptionStatus.Granted, gateway.Tickets.Redeem(ticket, AccessScope.View, AccessScope.None).Status);
    }

    [Fact]
    public void Redeem_KeyInBothLists_CarriesBothScopes()
    {
        var gateway = new AuthFixture();
        var redemption = gateway.Tickets.Redeem(gateway.TicketFor(AuthFixture.BothKey), AccessScope.Ingest, AccessScope.None);

        Assert.Equal(TicketRedemptionStatus.Granted, redemption.Status);
        Assert.Equal(AccessScope.View | AccessScope.Ingest, redemption.Scopes);
    }

    [Fact]
    public void Redeem_KeyMovedOutOfAListSinceIssue_LosesThatScope()
    {
        var gateway = new AuthFixture();
        var ticket = gateway.TicketFor(AuthFixture.BothKey);

        gateway.Reconfigure(("LiveDash:Auth:IngestKeys", AuthFixture.IngestKey));

        Assert.Equal(TicketRedemptionStatus.Forbidden, gateway.Tickets.Redeem(ticket, AccessScope.Ingest, AccessScope.None).Status);
        var redemption = gateway.Tickets.Redeem(ticket, AccessScope.View, AccessScope.None);
        Assert.Equal(AccessScope.View, redemption.Scopes);
    }

    [Fact]
    public void Redeem_SignedButClaimingALongerLifetime_IsInvalid()
    {
        // Whoever holds a key can sign tickets for it; the gateway still bounds what a ticket may claim.
        var gateway = new AuthFixture();
        var key = gateway.Key(AuthFixture.ViewKey);
        var now = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var longLived = TicketCodec.Encode(AccessScope.View, now, now + (long)TimeSpan.FromHours(1).TotalMilliseconds, 1, key, gateway.Keys.Current.OpenTicketKey);
        var fromTheFuture = TicketCodec.Encode(AccessScope.View, now + 60_000, now + 90_000, 2, key, gateway.Keys.Current.OpenTicketKey);
        var withinSkew = TicketCodec.Encode(AccessScope.View, now + 4_000, now + 34_000, 3, key, gateway.Keys.Current.OpenTicketKey);

        Assert.Equal(TicketRedemptionStatus.Invalid, gateway.Tickets.Redeem(longLived, AccessScope.View, AccessScope.None).Status);
        Assert.Equal(TicketRedemptionStatus.Invalid, gateway.Tickets.Redeem(fromTheFuture, AccessScope.View, AccessScope.None).Status);
        Assert.Equal(TicketRedemptionStatus.Granted, gateway.Tickets.Redeem(withinSkew, AccessScope.View, AccessScope.None).Status);
    }

    [Fact]
    public void Redeem_WhenTheRedeemedSetIsFull_IsSaturatedUntilTheOldestExpires()
    {
        var gateway = new AuthFixture(settings: new Dictionary<string, string?> { ["LiveDash:Auth:MaxRedeemedTickets"] = "2" });
        Assert.Equal(TicketRedemptionStatus.Granted, gateway.Tickets.Redeem(gateway.TicketFor(AuthFixture.ViewKey), AccessScope.View, AccessScope.None).Status);
        gateway.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TicketRedemptionStatus.Granted, gateway.Tickets.Redeem(gateway.TicketFor(AuthFixture.ViewKey), AccessScope.View, AccessScope.None).Status);
        var third = gateway.TicketFor(AuthFixture.ViewKey);

        var saturated = gateway.Tickets.Redeem(third, AccessScope.View, AccessScope.None);

        Assert.Equal(TicketRedemptionStatus.Saturated, saturated.Status);
        Assert.Equal(TimeSpan.FromSeconds(20), saturated.RetryAfter);
        gateway.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(TicketRedemptionStatus.Granted, gateway.Tickets.Redeem(third, AccessScope.View, AccessScope.None).Status);
    }

    [Fact]
    public void RedeemedTickets_AfterTheirExpiry_AreForgotten()
    {
        var gateway = new AuthFixture();
        for (var i = 0; i < 5; i++)
        {
            gateway.Tickets.Redeem(gateway.TicketFor(AuthFixture.ViewKey), AccessScope.View, AccessScope.None);
        }

        Assert.Equal(5, gateway.Tickets.RedeemedCount);
        gateway.Time.Advance(TimeSpan.FromSeconds(30));
        gateway.Tickets.Redeem(gateway.TicketFor(AuthFixture.ViewKey), AccessScope.View, AccessScope.None);

        Assert.Equal(1, gateway.Tickets.RedeemedCount);
    }

    [Fact]
    public void Redeem_OpenModeTicket_GrantsTheOpenScopesWithoutSessionEnd()
    {
        var gateway = new AuthFixture(ingestKeys: "", viewKeys: "");
        var ticket = gateway.Tickets.Issue(null, AccessScope.View | AccessScope.Ingest).Ticket;

        var redemption = gateway.Tickets.Redeem(ticket, AccessScope.Ingest, AccessScope.View | AccessScope.Ingest);

        Assert.Equal(TicketRedemptionStatus.Granted, redemption.Status);
        Assert.Null(redemption.Issuer);
        Assert.Null(redemption.SessionExpiresAt);
    }

    [Fact]
    public void Redeem_OpenModeTicketOnceKeysAreConfigured_IsInvalid()
    {
        var gateway = new AuthFixture(ingestKeys: "", viewKeys: "");
        var ticket = gateway.Tickets.Issue(null, AccessScope.View | AccessScope.Ingest).Ticket;

        gateway.Reconfigure(("LiveDash:Auth:ViewKeys", AuthFixture.ViewKey));

        Assert.Equal(TicketRedemptionStatus.Invalid, gateway.Tickets.Redeem(ticket, AccessScope.View, gateway.Keys.OpenScopes(gateway.Keys.Current)).Status);
    }
}
