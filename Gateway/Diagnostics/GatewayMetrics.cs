using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using LiveDash.Gateway.Push;

namespace LiveDash.Gateway.Diagnostics;

/// <summary>
/// The gateway's own health figures, on the <c>LiveDash.Gateway</c> meter (readable by any
/// <see cref="MeterListener"/> or <c>dotnet-trace</c>) and as running totals for the self-metrics
/// topics (<c>metric:livedash.*</c>). Thread-safe; every method is cheap enough for the fan-out path.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "LiveDash.Gateway";

    private readonly Meter _meter;
    private readonly Counter<long> _eventsWritten;
    private readonly Counter<long> _eventsCoalesced;
    private readonly Counter<long> _eventsDropped;
    private readonly Counter<long> _disconnects;
    private readonly Counter<long> _pointsIngested;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _disconnectTotals = new(StringComparer.Ordinal);
    private long _eventsWrittenTotal;
    private long _eventsCoalescedTotal;
    private long _eventsDroppedTotal;
    private long _pointsIngestedTotal;

    /// <summary>Creates the instruments.</summary>
    public GatewayMetrics()
    {
        _meter = new Meter(MeterName);
        _meter.CreateObservableUpDownCounter(
            "livedash.gateway.connections",
            () => _connections.Select(c => new Measurement<long>(Volatile.Read(ref c.Value.Value), new KeyValuePair<string, object?>("transport", c.Key))),
            unit: "{connection}",
            description: "Open push connections, by transport (sse, websocket, longpoll).");
        _eventsWritten = _meter.CreateCounter<long>("livedash.gateway.events_written", "{event}", "Events written to clients, by transport.");
        _eventsCoalesced = _meter.CreateCounter<long>("livedash.gateway.events_coalesced", "{event}", "Updates folded into a newer snapshot for a lagging connection.");
        _eventsDropped = _meter.CreateCounter<long>("livedash.gateway.events_dropped", "{event}", "Events discarded because their connection was closed for lagging.");
        _disconnects = _meter.CreateCounter<long>("livedash.gateway.disconnects", "{connection}", "Connections the gateway ended, by reason (the disconnect code's name).");
        _pointsIngested = _meter.CreateCounter<long>("livedash.gateway.points_ingested", "{point}", "Metric points acknowledged by the ingest API.");
    }

    /// <summary>A push connection opened.</summary>
    /// <param name="transport"><c>sse</c>, <c>websocket</c> or <c>longpoll</c>.</param>
    public void ConnectionOpened(string transport) => Interlocked.Increment(ref Counter(_connections, transport).Value);

    /// <summary>A push connection closed (for any reason).</summary>
    /// <param name="transport">As given to <see cref="ConnectionOpened"/>.</param>
    public void ConnectionClosed(string transport) => Interlocked.Decrement(ref Counter(_connections, transport).Value);

    /// <summary>Events written to one connection.</summary>
    /// <param name="transport">The connection's transport.</param>
    /// <param name="count">How many.</param>
    public void EventsWritten(string transport, int count)
    {
        Interlocked.Add(ref _eventsWrittenTotal, count);
        _eventsWritten.Add(count, new KeyValuePair<string, object?>("transport", transport));
    }

    /// <summary>Updates folded into a snapshot for a lagging connection.</summary>
    /// <param name="count">How many.</param>
    public void EventsCoalesced(int count)
    {
        Interlocked.Add(ref _eventsCoalescedTotal, count);
        _eventsCoalesced.Add(count);
    }

    /// <summary>Events discarded with a connection closed for lagging.</summary>
    /// <param name="count">How many.</param>
    public void EventsDropped(int count)
    {
        Interlocked.Add(ref _eventsDroppedTotal, count);
        _eventsDropped.Add(count);
    }

    /// <summary>The gateway ended a connection.</summary>
    /// <param name="code">Why.</param>
    public void Disconnected(DisconnectCode code)
    {
        var reason = DisconnectCodes.Reason(code);
        Interlocked.Increment(ref Counter(_disconnectTotals, reason).Value);
        _disconnects.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>Metric points acknowledged by the ingest API.</summary>
    /// <param name="count">How many.</param>
    public void PointsIngested(int count)
    {
        Interlocked.Add(ref _pointsIngestedTotal, count);
        _pointsIngested.Add(count);
    }

    /// <summary>The running totals, for the self-metrics publisher and tests.</summary>
    /// <returns>A copy taken now.</returns>
    public GatewayMetricsSnapshot Snapshot() => new(
        _connections.ToDictionary(c => c.Key, c => Volatile.Read(ref c.Value.Value), StringComparer.Ordinal),
        Volatile.Read(ref _eventsWrittenTotal),
        Volatile.Read(ref _eventsCoalescedTotal),
        Volatile.Read(ref _eventsDroppedTotal),
        _disconnectTotals.ToDictionary(c => c.Key, c => Volatile.Read(ref c.Value.Value), StringComparer.Ordinal),
        Volatile.Read(ref _pointsIngestedTotal));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static StrongBox<long> Counter(ConcurrentDictionary<string, StrongBox<long>> counters, string key)
        => counters.GetOrAdd(key, static _ => new StrongBox<long>());
}
