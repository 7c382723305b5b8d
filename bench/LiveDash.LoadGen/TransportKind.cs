namespace LiveDash.LoadGen;

/// <summary>How a load-generator client talks to the server.</summary>
internal enum TransportKind
{
    /// <summary>HTTP/1.1 GET of an event stream (plain or chunked body), <c>data:</c> lines.</summary>
    Sse,

    /// <summary>WebSocket speaking SignalR's JSON hub protocol (handshake, 0x1E-separated records, pings).</summary>
    SignalR,

    /// <summary>Plain WebSocket: every text message carries events as JSON.</summary>
    Ws,
}
