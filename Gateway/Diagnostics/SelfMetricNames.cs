namespace LiveDash.Gateway.Diagnostics;

/// <summary>The metrics the gateway writes about itself (topics <c>metric:livedash.gateway.*</c>); every series carries a <c>gateway</c> tag.</summary>
public static class SelfMetricNames
{
    /// <summary>Open push connections (tag <c>transport</c>: <c>sse</c>, <c>websocket</c>, <c>longpoll</c>).</summary>
    public const string Connections = "livedash.gateway.connections";

    /// <summary>Events written to clients per second.</summary>
    public const string EventsPerSecond = "livedash.gateway.events_per_second";

    /// <summary>Updates folded into snapshots for lagging connections per second.</summary>
    public const string CoalescedPerSecond = "livedash.gateway.coalesced_per_second";

    /// <summary>Events discarded with connections closed for lagging, per second.</summary>
    public const string DroppedPerSecond = "livedash.gateway.dropped_per_second";

    /// <summary>Connections the gateway ended per second (tag <c>reason</c>: the disconnect code's name).</summary>
    public const string DisconnectsPerSecond = "livedash.gateway.disconnects_per_second";

    /// <summary>Metric points acknowledged by the ingest API per second.</summary>
    public const string IngestPointsPerSecond = "livedash.gateway.ingest_points_per_second";

    /// <summary>The tag naming the gateway.</summary>
    public const string GatewayTag = "gateway";

    /// <summary>The tag naming a transport.</summary>
    public const string TransportTag = "transport";

    /// <summary>The tag naming a disconnect reason.</summary>
    public const string ReasonTag = "reason";

    /// <summary>The transports whose connection counts are always written, even while zero.</summary>
    public static IReadOnlyList<string> Transports { get; } = ["sse", "websocket", "longpoll"];
}
