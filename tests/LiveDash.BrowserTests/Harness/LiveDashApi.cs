using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LiveDash.BrowserTests.Harness;

/// <summary>One point per second of one series, as the chart holds it: <c>[unix second, value]</c>.</summary>
/// <param name="Second">Unix seconds.</param>
/// <param name="Value">The value (one point in that second, so the chart's per-second average is the value).</param>
internal readonly record struct SecondPoint(long Second, double Value)
{
    public override string ToString() => $"[{Second}, {Value.ToString(CultureInfo.InvariantCulture)}]";
}

/// <summary>The gateway's HTTP API as a test uses it: ingest, board updates, topic state (open mode: no keys).</summary>
internal sealed class LiveDashApi(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary><c>POST /api/v1/metrics</c>: one point per item, all with <paramref name="tags"/>; answers once durable.</summary>
    public async Task IngestAsync(string metric, IReadOnlyDictionary<string, string> tags, IEnumerable<SecondPoint> points)
    {
        var body = new JsonObject
        {
            ["points"] = new JsonArray([.. points.Select(p => (JsonNode)new JsonObject
            {
                ["metric"] = metric,
                ["value"] = p.Value,
                ["ts"] = p.Second * 1000,
                ["tags"] = new JsonObject([.. tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))]),
            })]),
        };
        using var response = await _http.PostAsJsonAsync("api/v1/metrics", body);
        await EnsureSuccessAsync(response, $"ingest into {metric}");
    }

    /// <summary><c>POST /api/v1/boards/{id}</c> with <c>set</c> scores (and a title).</summary>
    public async Task SetScoresAsync(string board, IReadOnlyDictionary<string, double> scores, string? title = null)
    {
        var body = new JsonObject { ["set"] = new JsonObject([.. scores.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))]) };
        if (title is not null)
        {
            body["title"] = title;
        }

        using var response = await _http.PostAsJsonAsync($"api/v1/boards/{Uri.EscapeDataString(board)}", body);
        await EnsureSuccessAsync(response, $"update board {board}");
    }

    /// <summary><c>GET /api/v1/topics/{topic}</c>: the topic's <c>data</c> as the grain holds it.</summary>
    public async Task<JsonElement> GetTopicDataAsync(string topic)
    {
        using var response = await _http.GetAsync($"api/v1/topics/{Uri.EscapeDataString(topic)}");
        await EnsureSuccessAsync(response, $"read {topic}");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("data").Clone();
    }

    /// <summary>The points of the series tagged <paramref name="tags"/> of <paramref name="metric"/>, as the grain holds them.</summary>
    public async Task<IReadOnlyList<SecondPoint>> GetSeriesPointsAsync(string metric, IReadOnlyDictionary<string, string> tags)
    {
        var data = await GetTopicDataAsync("metric:" + metric);
        foreach (var series in data.GetProperty("series").EnumerateArray())
        {
            var seriesTags = series.GetProperty("tags").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
            if (seriesTags.Count == tags.Count && tags.All(t => seriesTags.TryGetValue(t.Key, out var v) && v == t.Value))
            {
                return [.. series.GetProperty("points").EnumerateArray().Select(p => new SecondPoint(p[0].GetInt64(), p[1].GetDouble()))];
            }
        }

        throw new InvalidOperationException($"metric:{metric} has no series tagged {string.Join(",", tags.Select(t => t.Key + "=" + t.Value))}: {data}");
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
