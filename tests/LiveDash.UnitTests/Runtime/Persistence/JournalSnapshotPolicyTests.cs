using LiveDash.Runtime;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Persistence;

public sealed class JournalSnapshotPolicyTests
{
    [Fact]
    public void IsDue_TailReachesMaxTailEntries_IsDueOnlyFromThatEntry()
    {
        var policy = new JournalSnapshotPolicy(new JournalOptions { MaxTailEntries = 10 });

        Assert.False(policy.IsDue(tailEntries: 9, tailBytes: 90, snapshotBytes: 1000));
        Assert.True(policy.IsDue(tailEntries: 10, tailBytes: 100, snapshotBytes: 1000));
    }

    [Fact]
    public void IsDue_SmallSnapshot_WaitsForMinTailBytes()
    {
        var policy = new JournalSnapshotPolicy(new JournalOptions { MinTailBytes = 64 * 1024 });

        // Twice a 100-byte snapshot is far below the floor: the floor decides.
        Assert.False(policy.IsDue(tailEntries: 5, tailBytes: (64 * 1024) - 1, snapshotBytes: 100));
        Assert.True(policy.IsDue(tailEntries: 5, tailBytes: 64 * 1024, snapshotBytes: 100));
    }

    [Fact]
    public void IsDue_LargeSnapshot_WaitsForRatioTimesItsSize()
    {
        var policy = new JournalSnapshotPolicy(new JournalOptions { MinTailBytes = 1024, TailToSnapshotSizeRatio = 2 });

        Assert.False(policy.IsDue(tailEntries: 5, tailBytes: 19_999, snapshotBytes: 10_000));
        Assert.True(policy.IsDue(tailEntries: 5, tailBytes: 20_000, snapshotBytes: 10_000));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingEachOption()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => new JournalSnapshotPolicy(
            new JournalOptions { MaxTailEntries = 0, MinTailBytes = -1, TailToSnapshotSizeRatio = 0 }));

        Assert.Contains(ex.Failures, f => f.Contains("LiveDash:Runtime:Journal:MaxTailEntries", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("LiveDash:Runtime:Journal:MinTailBytes", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("LiveDash:Runtime:Journal:TailToSnapshotSizeRatio", StringComparison.Ordinal));
    }
}
