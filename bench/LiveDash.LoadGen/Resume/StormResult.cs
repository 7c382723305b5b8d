using System.Text.Json;
using LiveDash.Bench.Measuring;

namespace LiveDash.LoadGen.Resume;

/// <summary>What a storm run observed; written as one JSON line (the bench parses it).</summary>
internal sealed record StormResult(
    LoadGenOptions Options,
    int Connected,
    double ConnectSeconds,
    int ConnectedAtStorm,
    int DroppedClients,
    int ResumedClients,
    bool TimedOut,
    double StormSeconds,
    double FirstDropToLastResumeSeconds,
    LatencyHistogram ResumeTimes,
    IReadOnlyList<ResumingSseClient> Clients,
    string? FirstError,
    int Cores)
{
    public void WriteJson(Stream output)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("mode", "storm");
        json.WriteNumber("clients", Options.Clients);
        json.WriteNumber("connected", Connected);
        json.WriteNumber("connectSeconds", Math.Round(ConnectSeconds, 3));
        json.WriteNumber("connectedAtStorm", ConnectedAtStorm);
        json.WriteNumber("droppedClients", DroppedClients);
        json.WriteNumber("resumedClients", ResumedClients);
        json.WriteBoolean("timedOut", TimedOut);
        json.WriteNumber("stormSeconds", Math.Round(StormSeconds, 3));
        WriteNumber(json, "allResumedSeconds", FirstDropToLastResumeSeconds);
        WriteNumber(json, "resumeP50Ms", Milliseconds(0.50));
        WriteNumber(json, "resumeP99Ms", Milliseconds(0.99));
        WriteNumber(json, "resumeMaxMs", Milliseconds(1.0));
        json.WriteNumber("attempts", Clients.Sum(c => (long)c.Attempts));
        json.WriteNumber("failedAttempts", Clients.Sum(c => (long)c.FailedAttempts));
        json.WriteNumber("drops", Clients.Sum(c => (long)c.Drops));
        json.WriteNumber("resumes", Clients.Sum(c => (long)c.Resumes));
        json.WriteNumber("clientsWithGaps", Clients.Count(c => c.HasGap));
        json.WriteNumber("missingUpdates", Clients.Sum(c => c.Missing));
        json.WriteNumber("duplicates", Clients.Sum(c => c.Duplicates));
        json.WriteNumber("unrecoveredSnapshots", Clients.Sum(c => (long)c.UnrecoveredSnapshots));
        json.WriteNumber("recoveredSnapshots", Clients.Sum(c => (long)c.RecoveredSnapshots));
        json.WriteNumber("resets", Clients.Sum(c => (long)c.Resets));
        json.WriteNumber("disconnectEvents", Clients.Sum(c => (long)c.DisconnectEvents));
        json.WriteNumber("protocolErrors", Clients.Sum(c => (long)c.ProtocolErrors));
        json.WriteString("firstError", FirstError);
        json.WriteEndObject();
    }

    private double Milliseconds(double quantile) => ResumeTimes.PercentileMicroseconds(quantile) / 1000;

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsNaN(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, Math.Round(value, 3));
        }
    }
}
