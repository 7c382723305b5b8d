using LiveDash.Gateway.Auth;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Auth;

public sealed class KeyRingProviderTests
{
    [Theory]
    [InlineData(null, new string[0])]
    [InlineData("", new string[0])]
    [InlineData(" a , b,,c ,", new[] { "a", "b", "c" })]
    [InlineData("a,a, a", new[] { "a" })]
    public void CommaListParse_TrimsAndDropsEmptyAndDuplicateEntries(string? value, string[] expected)
        => Assert.Equal(expected, CommaList.Parse(value));

    [Fact]
    public void Create_KeysGivenAsAJsonArray_AreRead()
    {
        var gateway = new AuthFixture(ingestKeys: "", viewKeys: "", settings: new Dictionary<string, string?>
        {
            ["LiveDash:Auth:IngestKeys"] = null,
            ["LiveDash:Auth:IngestKeys:0"] = AuthFixture.IngestKey,
            ["LiveDash:Auth:IngestKeys:1"] = "second-ingest-key-0123456789",
        });

        Assert.Equal(2, gateway.Keys.Current.IngestKeyCount);
        Assert.NotNull(gateway.Keys.Current.Match(AuthFixture.IngestKey));
    }

    [Fact]
    public void Create_KeyInBothLists_IsOneKeyWithBothScopes()
    {
        var ring = new AuthFixture().Keys.Current;

        Assert.Equal(3, ring.KeyCount);
        Assert.Equal(AccessScope.View | AccessScope.Ingest, ring.Match(AuthFixture.BothKey)?.Scopes);
        Assert.Equal(AccessScope.None, ring.UnkeyedScopes);
    }

    [Fact]
    public void Match_KeyDifferingInOneCharacterOrCase_IsNull()
    {
        var ring = new AuthFixture().Keys.Current;

        Assert.Null(ring.Match(AuthFixture.ViewKey[..^1] + "x"));
        Assert.Null(ring.Match(AuthFixture.ViewKey.ToUpperInvariant()));
        Assert.Null(ring.Match(AuthFixture.ViewKey + " "));
        Assert.Null(ring.Match(""));
    }

    [Fact]
    public void Reload_NewKeys_AreInForceAndRaiseChanged()
    {
        var gateway = new AuthFixture();
        KeyRing? raised = null;
        gateway.Keys.Changed += ring => raised = ring;

        gateway.Reconfigure(("LiveDash:Auth:ViewKeys", "rotated-view-key-0123456789"));

        Assert.Same(gateway.Keys.Current, raised);
        Assert.NotNull(gateway.Keys.Current.Match("rotated-view-key-0123456789"));
        Assert.Null(gateway.Keys.Current.Match(AuthFixture.ViewKey));
    }

    [Fact]
    public void Reload_InvalidKeys_KeepsThePreviousRing()
    {
        var gateway = new AuthFixture();
        var before = gateway.Keys.Current;

        gateway.Reconfigure(("LiveDash:Auth:ViewKeys", "has a space"));

        Assert.Same(before, gateway.Keys.Current);
        Assert.NotNull(gateway.Keys.Current.Match(AuthFixture.ViewKey));
    }

    [Fact]
    public void Reload_UnrelatedSetting_KeepsTheRing()
    {
        var gateway = new AuthFixture();
        var before = gateway.Keys.Current;

        gateway.Reconfigure(("LiveDash:Auth:TicketLifetime", "00:00:10"), ("Logging:LogLevel:Default", "Debug"));

        Assert.Same(before, gateway.Keys.Current);
    }

    [Fact]
    public void Fingerprint_IsStableAcrossGatewaysAndIndependentOfTheHash()
    {
        var a = new AuthFixture().Key(AuthFixture.ViewKey);
        var b = new AuthFixture(ingestKeys: "", viewKeys: AuthFixture.ViewKey).Key(AuthFixture.ViewKey);

        Assert.Equal(a.FingerprintHex, b.FingerprintHex);
        Assert.False(a.Hash.AsSpan().StartsWith(a.Fingerprint), "The fingerprint must not reveal the key's hash.");
    }
}
