namespace LiveDash.Gateway.Push;

/// <summary>Names and reconnect rules of <see cref="DisconnectCode"/>, as written on the wire.</summary>
public static class DisconnectCodes
{
    /// <summary>The lowest code that tells the client not to reconnect.</summary>
    public const int FirstTerminalCode = 4500;

    /// <summary>Whether a client should reconnect after <paramref name="code"/>.</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> for 4000–4499.</returns>
    public static bool ShouldReconnect(DisconnectCode code) => (int)code < FirstTerminalCode;

    /// <summary>The snake_case reason written beside the code (<c>"slow_consumer"</c>).</summary>
    /// <param name="code">The code.</param>
    /// <returns>The reason.</returns>
    public static string Reason(DisconnectCode code) => code switch
    {
        DisconnectCode.Shutdown => "shutdown",
        DisconnectCode.Reauthenticate => "reauthenticate",
        DisconnectCode.SlowConsumer => "slow_consumer",
        DisconnectCode.Unavailable => "unavailable",
        DisconnectCode.BadRequest => "bad_request",
        DisconnectCode.Unauthorized => "unauthorized",
        DisconnectCode.Forbidden => "forbidden",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Not a disconnect code."),
    };
}
