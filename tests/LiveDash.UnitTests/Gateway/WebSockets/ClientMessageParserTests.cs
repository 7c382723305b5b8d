using System.Text;
using LiveDash.Gateway.Transports.WebSockets;
using LiveDash.Grains;
using Xunit;

namespace LiveDash.UnitTests.Gateway.WebSockets;

public sealed class ClientMessageParserTests
{
    [Fact]
    public void Parse_Subscribe_TopicsCursorAndId()
    {
        var message = Parse("""{"op":"subscribe","topics":["metric:cpu.load","board:match-1"],"cursor":"5f2c09a1:kx8f:2bq","id":"s1"}""");

        Assert.Equal(ClientOp.Subscribe, message.Op);
        Assert.Equal([Topic.Metric("cpu.load"), Topic.Board("match-1")], message.Topics);
        Assert.Equal("5f2c09a1:kx8f:2bq", message.Cursor);
        Assert.Equal("s1", message.Id);
    }

    [Fact]
    public void Parse_MembersInAnyOrderAndUnknownMembers_AreAccepted()
    {
        var message = Parse("""{"id":"x","future":{"a":[1,2,{"b":null}]},"topics":["board:b"],"op":"unsubscribe"}""");

        Assert.Equal(ClientOp.Unsubscribe, message.Op);
        Assert.Equal([Topic.Board("b")], message.Topics);
        Assert.Equal("x", message.Id);
    }

    [Fact]
    public void Parse_Command_KeepsTheCommandObjectAsRawJson()
    {
        var message = Parse("""{"op":"command","command":{"add":{"team-a":1}, "title":"Final"},"topic":"board:match-1","id":"c1"}""");

        Assert.Equal(ClientOp.Command, message.Op);
        Assert.Equal(Topic.Board("match-1"), message.Topic);
        Assert.Equal("""{"add":{"team-a":1}, "title":"Final"}""", Encoding.UTF8.GetString(message.Command.Span));
        Assert.Equal("c1", message.Id);
    }

    [Fact]
    public void Parse_Ping_IsPing()
    {
        var message = Parse("""{"op":"ping"}""");

        Assert.Equal(ClientOp.Ping, message.Op);
        Assert.Null(message.Id);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"op\":\"ping\"", "not valid JSON")]
    [InlineData("""{"op":"ping"} {}""", "not valid JSON")]
    [InlineData("""[{"op":"ping"}]""", "an array")]
    [InlineData("42", "a number")]
    [InlineData("""{"topics":["metric:a"]}""", "no 'op'")]
    [InlineData("""{"op":"shout"}""", "'shout' is not an op")]
    [InlineData("""{"op":7}""", "'op' must be a string")]
    [InlineData("""{"op":"subscribe"}""", "non-empty 'topics'")]
    [InlineData("""{"op":"subscribe","topics":[]}""", "non-empty 'topics'")]
    [InlineData("""{"op":"subscribe","topics":"metric:a"}""", "'topics' must be an array")]
    [InlineData("""{"op":"subscribe","topics":[1]}""", "must hold topic names")]
    [InlineData("""{"op":"subscribe","topics":["cpu.load"]}""", "'cpu.load' is not a topic")]
    [InlineData("""{"op":"subscribe","topics":["metric:a b"]}""", "'metric:a b' is not a topic")]
    [InlineData("""{"op":"subscribe","topics":["metric:a"],"cursor":5}""", "'cursor' must be a string")]
    [InlineData("""{"op":"command","command":{"add":{"a":1}}}""", "needs a 'topic'")]
    [InlineData("""{"op":"command","topic":"board:b"}""", "needs a 'command' object")]
    [InlineData("""{"op":"command","topic":"board:b","command":[1]}""", "'command' must be an object")]
    [InlineData("""{"op":"ping","id":""}""", "'id' must be a string of 1–128")]
    [InlineData("""{"op":"ping","id":3}""", "'id' must be a string")]
    public void Parse_NotUnderstood_BadRequestSayingWhy(string text, string expected)
    {
        var message = Parse(text);

        Assert.Equal(ClientOp.Invalid, message.Op);
        Assert.Equal(WebSocketErrorCodes.BadRequest, message.ErrorCode);
        Assert.Contains(expected, message.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidMessageWithReadableId_EchoesTheId()
    {
        var message = Parse("""{"id":"r7","op":"subscribe","topics":["nope"]}""");

        Assert.Equal(ClientOp.Invalid, message.Op);
        Assert.Equal("r7", message.Id);
    }

    [Fact]
    public void Parse_InvalidUtf8_BadRequest()
    {
        byte[] bytes = [.. "{\"op\":\"ping\",\"id\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        var message = ClientMessageParser.Parse(bytes);

        Assert.Equal(ClientOp.Invalid, message.Op);
        Assert.Equal(WebSocketErrorCodes.BadRequest, message.ErrorCode);
    }

    [Fact]
    public void Parse_NullCursor_IsNoCursor()
    {
        var message = Parse("""{"op":"subscribe","topics":["metric:a"],"cursor":null}""");

        Assert.Equal(ClientOp.Subscribe, message.Op);
        Assert.Null(message.Cursor);
    }

    [Fact]
    public void Parse_LongTopicInError_IsShortened()
    {
        var message = Parse($$"""{"op":"subscribe","topics":["{{new string('x', 500)}}"]}""");

        Assert.True(message.ErrorMessage!.Length < 300, message.ErrorMessage);
    }

    private static ClientMessage Parse(string text) => ClientMessageParser.Parse(Encoding.UTF8.GetBytes(text));
}
