using System.Globalization;
using System.Text.Json;

namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>
/// What held load generators report for <see cref="ScaleOutConnections"/>, for one generator or added up
/// over all: clients connected, deliveries in the window, and how many clients received every event.
/// </summary>
internal sealed class HeldCount
{
    public int Connected { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Clients the server closed during the window (an idle stream must stay open).</summary>
    public int Closed { get; private set; }

    public long Deliveries { get; private set; }

    /// <summary>Clients that received exactly the published events (none missing, none twice).</summary>
    public int ClientsWithAll { get; private set; }

    /// <summary>Publish → arrival of the last delivery: the time until the last client had its event.</summary>
    public double MaxMicroseconds { get; private set; } = double.NaN;

    /// <summary>Median publish → arrival; added up, the worst generator's median.</summary>
    public double MedianMicroseconds { get; private set; } = double.NaN;

    /// <summary>Reads a load generator's result line; <paramref name="events"/> is how many the bench published.</summary>
    public static HeldCount From(JsonElement result, int events)
    {
        var perClient = result.GetProperty("perClientDeliveries");
        return new HeldCount
        {
            Connected = result.GetProperty("connected").GetInt32(),
            Failed = result.GetProperty("failed").GetInt32(),
            Closed = result.GetProperty("closedByServer").GetInt32(),
            Deliveries = result.GetProperty("deliveries").GetInt64(),
            ClientsWithAll = perClient.TryGetProperty(events.ToString(CultureInfo.InvariantCulture), out var all) ? all.GetInt32() : 0,
            MaxMicroseconds = Microseconds(result, "maxUs"),
            MedianMicroseconds = Microseconds(result, "p50Us"),
        };
    }

    public void Add(HeldCount other)
    {
        Connected += other.Connected;
        Failed += other.Failed;
        Closed += other.Closed;
        Deliveries += other.Deliveries;
        ClientsWithAll += other.ClientsWithAll;
        MaxMicroseconds = Worst(MaxMicroseconds, other.MaxMicroseconds);
        MedianMicroseconds = Worst(MedianMicroseconds, other.MedianMicroseconds);
    }

    private static double Worst(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);

    private static double Microseconds(JsonElement result, string name) =>
        result.GetProperty(name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : double.NaN;
}
