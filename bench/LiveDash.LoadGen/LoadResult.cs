using System.Text.Json;
using LiveDash.Bench.Measuring;

namespace LiveDash.LoadGen;

/// <summary>What a run observed; written as one JSON line (the bench parses it).</summary>
internal sealed record LoadResult(
    LoadGenOptions Options,
    int Connected,
    int Failed,
    string? FirstError,
    double ConnectSeconds,
    TimeSpan Window,
    LatencyHistogram Latency,
    int ClosedByServerInWindow,
    int Threads,
    IReadOnlyDictionary<long, int> PerClientDeliveries,
    long OutsideWindow)
{
    public void WriteJson(Stream output)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("transport", Options.Transport.ToString().ToLowerInvariant());
        json.WriteString("url", Options.Url.ToString());
        json.WriteNumber("clients", Options.Clients);
        json.WriteNumber("connected", Connected);
        json.WriteNumber("failed", Failed);
        json.WriteString("firstError", FirstError);
        json.WriteNumber("connectSeconds", Math.Round(ConnectSeconds, 3));
        json.WriteNumber("windowSeconds", Math.Round(Window.TotalSeconds, 3));
        json.WriteNumber("deliveries", Latency.Count);
        json.WriteNumber("deliveriesPerSecond", Window > TimeSpan.Zero ? Math.Round(Latency.Count / Window.TotalSeconds, 1) : 0);
        WriteMicroseconds(json, "p50Us", 0.50);
        WriteMicroseconds(json, "p99Us", 0.99);
        WriteMicroseconds(json, "p999Us", 0.999);
        WriteMicroseconds(json, "maxUs", 1.0);
        json.WriteNumber("closedByServer", ClosedByServerInWindow);
        json.WriteNumber("threads", Threads);
        json.WriteNumber("outsideWindow", OutsideWindow);
        json.WriteStartObject("perClientDeliveries");
        foreach (var (deliveries, clients) in PerClientDeliveries)
        {
            json.WriteNumber(deliveries.ToString(System.Globalization.CultureInfo.InvariantCulture), clients);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteMicroseconds(Utf8JsonWriter json, string name, double quantile)
    {
        var value = Latency.PercentileMicroseconds(quantile);
        if (double.IsNaN(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, Math.Round(value, 1));
        }
    }
}
