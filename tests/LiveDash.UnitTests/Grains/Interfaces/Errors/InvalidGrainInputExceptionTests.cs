using LiveDash.Grains;
using Xunit;

namespace LiveDash.UnitTests.Grains.Interfaces.Errors;

public sealed class InvalidGrainInputExceptionTests
{
    [Fact]
    public void Message_WithAndWithoutItemIndex_PrefixesTheIndexOnlyWhenGiven()
    {
        Assert.Equal("Item 3: value NaN is bad", new InvalidGrainInputException("value NaN is bad", 3).Message);
        Assert.Equal("title is bad", new InvalidGrainInputException("title is bad").Message);
    }
}
