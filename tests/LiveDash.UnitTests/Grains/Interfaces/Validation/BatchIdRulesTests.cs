using LiveDash.Grains;
using Xunit;

namespace LiveDash.UnitTests.Grains.Interfaces.Validation;

public sealed class BatchIdRulesTests
{
    [Theory]
    [InlineData("3f2b8c1e-6a2d-4f7e-9b1a-0c5d7e9f1a2b", true)]
    [InlineData("host:seq#1", true)]
    [InlineData("", false)]
    [InlineData("with space", false)]
    [InlineData("ünïcode", false)]
    public void IsValid_Candidate_MatchesTheRule(string batchId, bool valid)
    {
        Assert.Equal(valid, BatchIdRules.IsValid(batchId));
    }

    [Fact]
    public void IsValid_LongerThan128Characters_False()
    {
        Assert.True(BatchIdRules.IsValid(new string('x', 128)));
        Assert.False(BatchIdRules.IsValid(new string('x', 129)));
    }
}
