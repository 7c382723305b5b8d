using LiveDash.Grains;
using Xunit;

namespace LiveDash.UnitTests.Grains.Interfaces.Topics;

public sealed class TopicNamesTests
{
    [Theory]
    [InlineData("cpu.load")]
    [InlineData("A-Z_a-z.0-9")]
    [InlineData("x")]
    public void IsValidName_AllowedCharacters_True(string name)
    {
        Assert.True(TopicNames.IsValidName(name));
    }

    [Fact]
    public void IsValidName_128And129Characters_OnlyTheFirstIsValid()
    {
        Assert.True(TopicNames.IsValidName(new string('a', 128)));
        Assert.False(TopicNames.IsValidName(new string('a', 129)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cpu load")]
    [InlineData("cpu:load")]
    [InlineData("cpu/load")]
    [InlineData("çpu")]
    [InlineData("cpu\n")]
    public void IsValidName_EmptyOrDisallowedCharacter_False(string? name)
    {
        Assert.False(TopicNames.IsValidName(name));
    }

    [Fact]
    public void IsValidName_WarmedUp_DoesNotAllocate()
    {
        var name = "cpu.load.host-a_01";
        TopicNames.IsValidName(name);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            TopicNames.IsValidName(name);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
