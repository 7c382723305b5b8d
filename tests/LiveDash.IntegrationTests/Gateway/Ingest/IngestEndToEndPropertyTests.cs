using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using LiveDash.Grains;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Ingest;

/// <summary>
/// A few hundred generated bodies through the whole gateway — valid batches, batches with invalid values,
/// mutated bytes, both formats: never a 5xx, and never a partial apply. Each example writes metrics named
/// with its own random token, so what it applied is exactly what the new topics hold afterwards: all of
/// the batch on 200, nothing otherwise.
/// </summary>
public sealed class IngestEndToEndPropertyTests : IClassFixture<IngestGatewayFactory>
{
    private const int Examples = 300;

    private static readonly string[] s_values = ["0", "-1.5", "42", "1e280", "5e-324", "1e281", "1e400", "-1e400"];
    private static readonly string[] s_tagValues = ["a", "b c", "x,y", "k=v", "back\\slash", "café", "\"q\""];
    private static readonly char[] s_tokenChars = "abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray();

    private readonly IngestGatewayFactory _gateway;

    public IngestEndToEndPropertyTests(IngestGatewayFactory gateway)
    {
        _gateway = gateway;
    }

    [Fact]
    public async Task GeneratedBodies_NeverA5xx_NeverAPartialApply()
    {
        using var client = _gateway.CreateClient();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var outcomes = new Dictionary<int, int>();
        foreach (var example in Gen.Sample(Bodies(), Examples, 30))
        {
            using var content = new ByteArrayContent(example.Body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(example.ContentType);
            using var response = await client.PostAsync("/api/v1/metrics", content);
            var status = (int)response.StatusCode;
            outcomes[status] = outcomes.GetValueOrDefault(status) + 1;
            var shown = $"{example.ContentType} body:\n{Encoding.UTF8.GetString(example.Body)}\nanswer {status}: {await response.Content.ReadAsStringAsync()}";

            Assert.True(status < 500, "A 5xx for " + shown);
            var applied = await PointsInNewTopicsAsync(client, known);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var answer = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
                Assert.True(answer.RootElement.GetProperty("accepted").GetInt32() == applied, $"Applied {applied} points for {shown}");
            }
            else
            {
                Assert.True(applied == 0, $"Applied {applied} points although refused: {shown}");
                Assert.True(status is 400 or 422, "Unexpected status for " + shown);
            }
        }

        // The generator must exercise both outcomes, or the property proves little.
        Assert.True(outcomes.GetValueOrDefault(200) > Examples / 10, "Too few accepted bodies: " + string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(400) + outcomes.GetValueOrDefault(422) > Examples / 10, "Too few refused bodies: " + string.Join(", ", outcomes));
    }

    /// <summary>Sums the points held by topics listed for the first time now.</summary>
    private async Task<long> PointsInNewTopicsAsync(HttpClient client, HashSet<string> known)
    {
        using var list = await client.GetAsync("/api/v1/topics");
        using var topics = JsonDocument.Parse(await list.Content.ReadAsByteArrayAsync());
        long points = 0;
        foreach (var entry in topics.RootElement.EnumerateArray())
        {
            var topic = entry.GetProperty("topic").GetString()!;
            // The gateway's own metrics (livedash.*) are not the examples' (the factory also turns them off).
            if (known.Add(topic) && Topic.TryParse(topic, out var parsed) && parsed.Kind == TopicKind.Metric
                && !parsed.Name.StartsWith("livedash.", StringComparison.Ordinal))
            {
                points += (await _gateway.SeriesAsync(parsed.Name)).Sum(s => s.Count);
            }
        }

        return points;
    }

    private static Gen<Example> Bodies()
    {
        var token = Gen.ArrayOf(Gen.Elements(s_tokenChars), 16).Select(chars => "e" + new string(chars));
        var point =
            from suffix in Gen.Elements("", ".cpu", ".mem")
            from value in Gen.Frequency((8, Gen.Elements(s_values.Take(5).ToArray())), (1, Gen.Elements(s_values)))
            from tagCount in Gen.Choose(0, 2)
            from keys in Gen.ArrayOf(Gen.Elements("host", "region", "bad key"), tagCount)
            from tagValues in Gen.ArrayOf(Gen.Elements(s_tagValues), tagCount)
            from withTs in Gen.Elements(true, false)
            select (Suffix: suffix, Value: value, Tags: keys.Zip(tagValues).DistinctBy(t => t.First).ToArray(), WithTs: withTs);
        var body =
            from name in token
            from json in Gen.Elements(true, false)
            from count in Gen.Choose(0, 8)
            from points in Gen.ArrayOf(point, count)
            select json
                ? new Example(Encoding.UTF8.GetBytes(Json(name, points)), "application/json")
                : new Example(Encoding.UTF8.GetBytes(Lines(name, points)), "text/plain; charset=utf-8");
        return body.SelectMany(example => Gen.Frequency(
            (1, Gen.Constant(example)),
            (1, Mutated(example.Body).Select(bytes => example with { Body = bytes }))));
    }

    private static string Json(string name, (string Suffix, string Value, (string First, string Second)[] Tags, bool WithTs)[] points)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return "{\"points\":[" + string.Join(',', points.Select(p =>
            "{\"metric\":" + JsonSerializer.Serialize(name + p.Suffix) + ",\"value\":" + p.Value
            + (p.WithTs ? ",\"ts\":" + now.ToString(CultureInfo.InvariantCulture) : string.Empty)
            + ",\"tags\":{" + string.Join(',', p.Tags.Select(t => JsonSerializer.Serialize(t.First) + ":" + JsonSerializer.Serialize(t.Second))) + "}}")) + "]}";
    }

    private static string Lines(string name, (string Suffix, string Value, (string First, string Second)[] Tags, bool WithTs)[] points)
    {
        var nowNs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        return string.Concat(points.Select(p =>
            name + p.Suffix + string.Concat(p.Tags.Select(t => "," + Escape(t.First) + "=" + Escape(t.Second)))
            + " value=" + p.Value + (p.WithTs ? " " + nowNs.ToString(CultureInfo.InvariantCulture) : string.Empty) + "\n"));
    }

    private static string Escape(string text)
        => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal).Replace(" ", "\\ ", StringComparison.Ordinal);

    private static Gen<byte[]> Mutated(byte[] body)
        => from at in Gen.Choose(0, body.Length)
           from kind in Gen.Choose(0, 3)
           from value in Gen.Elements("{}[]\",:=\\ \n0e.-xé"u8.ToArray())
           select kind switch
           {
               0 when at < body.Length => [.. body[..at], value, .. body[(at + 1)..]],
               1 when at < body.Length => [.. body[..at], .. body[(at + 1)..]],
               2 => [.. body[..at], value, .. body[at..]],
               _ => body[..at],
           };

    private sealed record Example(byte[] Body, string ContentType);
}
