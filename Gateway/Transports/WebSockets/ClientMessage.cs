using LiveDash.Grains;

namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>One client message, parsed (<see cref="ClientMessageParser"/>); immutable.</summary>
/// <param name="Op">What it asks for; <see cref="ClientOp.Invalid"/> when it could not be understood.</param>
/// <param name="Id">The client's id for the reply (echoed in its ack or error), or null.</param>
/// <param name="Topics">The topics of a subscribe or unsubscribe; empty otherwise.</param>
/// <param name="Cursor">The subscribe's cursor, or null.</param>
/// <param name="Topic">The command's topic (<see langword="default"/> otherwise).</param>
/// <param name="Command">The command object's UTF-8 JSON (a copy: the receive buffer is reused), read when the command runs.</param>
/// <param name="ErrorCode">For <see cref="ClientOp.Invalid"/>: a <see cref="WebSocketErrorCodes"/> value.</param>
/// <param name="ErrorMessage">For <see cref="ClientOp.Invalid"/>: what is wrong, for the client developer.</param>
internal sealed record ClientMessage(
    ClientOp Op,
    string? Id,
    IReadOnlyList<Topic> Topics,
    string? Cursor,
    Topic Topic,
    ReadOnlyMemory<byte> Command,
    string? ErrorCode = null,
    string? ErrorMessage = null)
{
    /// <summary>A message that could not be understood.</summary>
    public static ClientMessage Invalid(string? id, string code, string message)
        => new(ClientOp.Invalid, id, [], null, default, default, code, message);
}
