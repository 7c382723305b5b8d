namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>
/// The <c>code</c> of a WebSocket <c>{"op":"error"}</c> reply: one request failed, the connection stays
/// open and everything else it follows keeps flowing. Codes never change meaning once released.
/// </summary>
/// <remarks>
/// Errors that end the connection are close codes instead (<see cref="Push.DisconnectCode"/>): a binary
/// frame or a message over <see cref="WebSocketTransportOptions.MaxIncomingMessageBytes"/> closes with
/// <c>4500 bad_request</c>, because the gateway cannot read such a message to answer it.
/// </remarks>
public static class WebSocketErrorCodes
{
    /// <summary>
    /// The message cannot be understood: not JSON, not an object, no or an unknown <c>op</c>, a field missing
    /// or of the wrong type, a topic that is not <c>metric:&lt;name&gt;</c> or <c>board:&lt;id&gt;</c>. Fix the client.
    /// </summary>
    public const string BadRequest = "bad_request";

    /// <summary><c>subscribe</c>: a topic does not exist (nothing was ever written to it). Nothing of that subscribe was applied.</summary>
    public const string UnknownTopic = "unknown_topic";

    /// <summary><c>subscribe</c>: the connection would follow more topics than the gateway allows. Nothing of that subscribe was applied.</summary>
    public const string TooManyTopics = "too_many_topics";

    /// <summary><c>command</c>: the connection's credentials lack the ingest scope (open it with a ticket from an ingest key).</summary>
    public const string Forbidden = "forbidden";

    /// <summary>
    /// <c>command</c>: the topic is not a board, or the command breaks a rule (an entry id, the title, the
    /// batch id, an overflowing score, the entry limit); the message names the offending value. Nothing was applied.
    /// </summary>
    public const string InvalidCommand = "invalid_command";

    /// <summary>
    /// The cluster did not answer (a topic's grain for <c>subscribe</c>, the board's grain for <c>command</c>).
    /// Retrying later is safe; a command with a <c>batchId</c> is applied at most once.
    /// </summary>
    public const string Unavailable = "unavailable";
}
