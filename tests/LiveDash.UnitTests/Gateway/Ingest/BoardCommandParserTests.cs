using System.Text;
using LiveDash.Gateway.Ingest;
using LiveDash.Grains;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Ingest;

public sealed class BoardCommandParserTests
{
    [Fact]
    public void ContractExample_ParsesEveryMember()
    {
        var command = Accepted("""{"batchId":"b-1","title":"Final","set":{"team-a":3},"add":{"team-b":1,"team-c":-2}}""");

        Assert.Equal("b-1", command.BatchId);
        Assert.Equal("Final", command.Title);
        Assert.Equal(3, command.Set!["team-a"]);
        Assert.Equal([1L, -2L], command.Add!.Values);
    }

    [Fact]
    public void NullMembers_AreAbsent()
    {
        var command = Accepted("""{"batchId":null,"title":null,"set":null,"add":{"a":9223372036854775807}}""");

        Assert.Null(command.BatchId);
        Assert.Null(command.Title);
        Assert.Null(command.Set);
        Assert.Equal(long.MaxValue, command.Add!["a"]);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"set":{},"add":{}}""")]
    [InlineData("""{"batchId":"only-an-id"}""")]
    public void CommandChangingNothing_Is422(string body)
        => Assert.Contains("changes nothing", Rejected(body, 422).Detail, StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"add":{"bad id":1}}""", 0, "add", "entry id 'bad id' is invalid")]
    [InlineData("""{"set":{"a":1,"b":1.5}}""", 1, "set", "must be an integer")]
    [InlineData("""{"set":{"a":1,"b":"3"}}""", 1, "set", "not a string")]
    [InlineData("""{"set":{"a":1,"b":99999999999999999999}}""", 1, "set", "64-bit integer")]
    [InlineData("""{"add":{"a":1,"a":2}}""", 1, "add", "appears twice")]
    public void BadEntries_Are422_NamingEntryAndMap(string body, int index, string field, string reason)
    {
        var error = Assert.Single(Rejected(body, 422).Errors);

        Assert.Equal((index, field), (error.Index, error.Field));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"title":"a\u0001b","add":{"a":1}}""", "control character")]
    [InlineData("""{"batchId":"has space","add":{"a":1}}""", "batchId")]
    [InlineData("""{"add":{"a":1},"colour":"red"}""", "'colour' is not a member")]
    [InlineData("""{"add":[1]}""", "add must be an object")]
    [InlineData("""{"title":5}""", "title must be a string")]
    [InlineData("""{"add":{"a":1},"add":{"b":1}}""", "appears twice")]
    [InlineData("""[]""", "The body is an array")]
    public void InvalidCommands_Are422(string body, string expected)
        => Assert.Contains(expected, Rejected(body, 422).Detail, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void TitleOverTheGrainLimit_Is422_NamingTheOption()
        => Assert.Contains("MaxTitleLength", Rejected("{\"title\":\"" + new string('x', 201) + "\"}", 422).Detail, StringComparison.Ordinal);

    [Theory]
    [InlineData("")]
    [InlineData("{\"add\":{\"a\":1}")]
    [InlineData("{\"add\":{\"a\":1},}")]
    public void MalformedJson_Is400(string body)
        => Rejected(body, 400);

    private static BoardCommand Accepted(string body)
    {
        var rejection = BoardCommandParser.Parse(Encoding.UTF8.GetBytes(body), new ScoreboardGrainOptions(), out var command);
        Assert.True(rejection is null, "Expected the command to be accepted, got: " + rejection?.Detail);
        return command!;
    }

    private static IngestRejection Rejected(string body, int status)
    {
        var rejection = BoardCommandParser.Parse(Encoding.UTF8.GetBytes(body), new ScoreboardGrainOptions(), out var command);
        Assert.Null(command);
        Assert.NotNull(rejection);
        Assert.True(rejection.StatusCode == status, $"Expected {status}, got {rejection.StatusCode}: {rejection.Detail}");
        return rejection;
    }
}
