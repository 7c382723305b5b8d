namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>What a client message asks for (its <c>op</c>).</summary>
internal enum ClientOp
{
    /// <summary>The message could not be understood; <see cref="ClientMessage.ErrorCode"/> says why.</summary>
    Invalid = 0,

    /// <summary><c>{"op":"subscribe","topics":[..],"cursor":"optional","id":"optional"}</c>.</summary>
    Subscribe = 1,

    /// <summary><c>{"op":"unsubscribe","topics":[..],"id":"optional"}</c>.</summary>
    Unsubscribe = 2,

    /// <summary><c>{"op":"command","topic":"board:x","command":{..},"id":"optional"}</c>.</summary>
    Command = 3,

    /// <summary><c>{"op":"ping"}</c>: answered with <c>{"op":"pong"}</c> (a check the client can make from JavaScript, which cannot send ping frames).</summary>
    Ping = 4,
}
