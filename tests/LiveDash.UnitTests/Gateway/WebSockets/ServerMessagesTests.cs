using System.Text;
using LiveDash.Gateway.Transports.WebSockets;
using Xunit;

namespace LiveDash.UnitTests.Gateway.WebSockets;

public sealed class ServerMessagesTests
{
    [Fact]
    public void Pong_WithoutId_IsTheContractMessage()
        => Assert.Equal("""{"op":"pong"}""", Text(ServerMessages.Pong(null)));

    [Fact]
    public void Pong_WithId_EchoesIt()
        => Assert.Equal("""{"op":"pong","id":"p1"}""", Text(ServerMessages.Pong("p1")));

    [Fact]
    public void Ack_IsTheContractMessage()
        => Assert.Equal("""{"op":"ack","id":"c1"}""", Text(ServerMessages.Ack("c1")));

    [Fact]
    public void Error_EscapesTheMessage()
        => Assert.Equal(
            """{"op":"error","id":"c1","code":"invalid_command","message":"entry id 'a\"b' – is invalid"}""",
            Text(ServerMessages.Error("c1", WebSocketErrorCodes.InvalidCommand, "entry id 'a\"b' – is invalid")));

    [Fact]
    public void Error_WithoutId_LeavesIdOut()
        => Assert.Equal("""{"op":"error","code":"bad_request","message":"no"}""", Text(ServerMessages.Error(null, WebSocketErrorCodes.BadRequest, "no")));

    private static string Text(ReadOnlyMemory<byte> message) => Encoding.UTF8.GetString(message.Span);
}
