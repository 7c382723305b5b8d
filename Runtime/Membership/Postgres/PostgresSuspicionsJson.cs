using System.Text.Json;

namespace LiveDash.Runtime.Membership.Postgres;

/// <summary>
/// The <c>suspicions</c> column's JSON: <c>[{"voter":"host:port@generation","time":"ISO 8601"}]</c>,
/// oldest first. Written by hand rather than by a serializer so the stored format is fixed here, not
/// by the shape of <see cref="SuspectVote"/>.
/// </summary>
internal static class PostgresSuspicionsJson
{
    public static string Write(IReadOnlyList<SuspectVote> votes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var vote in votes)
            {
                writer.WriteStartObject();
                writer.WriteString("voter", vote.Voter.ToString());
                writer.WriteString("time", vote.Time);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static IReadOnlyList<SuspectVote> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var votes = new List<SuspectVote>(document.RootElement.GetArrayLength());
        foreach (var element in document.RootElement.EnumerateArray())
        {
            votes.Add(new SuspectVote(
                SiloAddress.Parse(element.GetProperty("voter").GetString() ?? string.Empty),
                element.GetProperty("time").GetDateTimeOffset()));
        }

        return votes;
    }
}
