using LiveDash.Gateway.Topics;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Topics;

public sealed class EntityTagsTests
{
    [Fact]
    public void Compute_IsAStrongQuotedTag_ThatDependsOnEveryByte()
    {
        var tag = EntityTags.Compute("{\"a\":1}"u8);

        Assert.Matches("^\"[A-Za-z0-9_-]{22}\"$", tag);
        Assert.Equal(tag, EntityTags.Compute("{\"a\":1}"u8));
        Assert.NotEqual(tag, EntityTags.Compute("{\"a\":2}"u8));
    }

    [Theory]
    [InlineData("\"abc\"", true)]
    [InlineData("W/\"abc\"", true)]
    [InlineData("\"x\", \"abc\"", true)]
    [InlineData("*", true)]
    [InlineData("\"abd\"", false)]
    [InlineData("abc", false)]
    [InlineData("", false)]
    public void IfNoneMatch_UsesWeakComparison(string header, bool matches)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.IfNoneMatch = header;

        Assert.Equal(matches, EntityTags.IfNoneMatch(context.Request, "\"abc\""));
    }
}
