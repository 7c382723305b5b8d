using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiveDash.Grains;
using LiveDash.IntegrationTests.Gateway.Sse;
using LiveDash.IntegrationTests.Gateway.WebSockets;
using LiveDash.TestingHost;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Cluster;

/// <summary>
/// The product's path end to end: two gateways, each a cluster client of a 3-silo TestCluster over real
/// TCP. Points ingested over HTTP at gateway A reach SSE, WebSocket and long-poll clients of gateway B
/// through the metric grain's stream, in order, each transport holding the grain's state at the end.
/// </summary>
public sealed class CrossGatewayTests : IAsyncLifetime
{
    private const string Metric = "relay.cpu";
    private const string TopicName = "metric:" + Metric;
    private const int Points = 6;

    private GatewayCluster? _gateways;

    private TestCluster Cluster => _gateways!.Cluster;

    public async Task InitializeAsync() => _gateways = await GatewayCluster.StartAsync(silos: 3);

    public async Task DisposeAsync()
    {
        if (_gateways is not null)
        {
            await _gateways.DisposeAsync();
        }
    }

    [Fact]
    public async Task PointsIngestedAtGatewayA_ReachSseWebSocketAndLongPollClientsOfGatewayB_InOrder()
    {
        var a = await _gateways!.StartGatewayAsync();
        var b = await _gateways.StartGatewayAsync();
        using var ingest = a.CreateClient();
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (Points * 1000);
        await IngestAsync(ingest, value: 1, start);

        using var reader = b.CreateClient();
        await using var sse = await SseTestStream.OpenAsync(reader, [TopicName]);
        var sseReplica = new MetricReplica("sse");
        sseReplica.Apply(await sse.NextTopicEventAsync("the SSE snapshot"));
        await using var ws = await WebSocketTestClient.ConnectAsync(b);
        await ws.SendAsync($$"""{"op":"subscribe","topics":["{{TopicName}}"]}""");
        var wsReplica = new MetricReplica("websocket");
        wsReplica.Apply(await ws.NextMatchingAsync(m => m.Op() == "event", "the WebSocket snapshot"));
        var pollReplica = new MetricReplica("long poll");
        var cursor = await PollAsync(reader, cursor: null, pollReplica);

        for (var value = 2; value <= Points; value++)
        {
            await IngestAsync(ingest, value, start + ((value - 1) * 1000L));
        }

        var end = (await Cluster.Client.GetGrain<IMetricGrain>(Metric).GetSnapshotAsync()).Position;
        while (sseReplica.Seq < end.Sequence)
        {
            sseReplica.Apply(await sse.NextTopicEventAsync($"SSE updates up to seq {end.Sequence}"));
        }

        while (wsReplica.Seq < end.Sequence)
        {
            wsReplica.Apply(await ws.NextMatchingAsync(m => m.Op() == "event", $"WebSocket updates up to seq {end.Sequence}"));
        }

        while (pollReplica.Seq < end.Sequence)
        {
            cursor = await PollAsync(reader, cursor, pollReplica);
        }

        foreach (var replica in new[] { sseReplica, wsReplica, pollReplica })
        {
            var series = Assert.Single(replica.State!.Series);
            Assert.Equal(Points, series.Count);
            Assert.Equal(Points, series.Last);
            Assert.Equal(Points * (Points + 1) / 2, series.Sum);
            Assert.Equal(Enumerable.Range(1, Points).Select(v => (double)v), series.Points.Select(p => p.Avg));
            Assert.Equal([.. replica.LastValues.Order()], replica.LastValues);
        }
    }

    private static async Task IngestAsync(HttpClient client, int value, long timestampMs)
    {
        var body = $$$"""{"batchId":"relay-{{{value}}}","points":[{"metric":"{{{Metric}}}","value":{{{value}}},"ts":{{{timestampMs}}},"tags":{"host":"a"}}]}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("api/v1/metrics", content);
        Assert.True(response.IsSuccessStatusCode, $"ingest of {value} at gateway A answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> PollAsync(HttpClient client, string? cursor, MetricReplica replica)
    {
        var query = "api/v1/poll?topic=" + Uri.EscapeDataString(TopicName) + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
        var answer = await client.GetFromJsonAsync<JsonElement>(query);
        foreach (var pushEvent in answer.GetProperty("events").EnumerateArray())
        {
            replica.Apply(pushEvent);
        }

        return answer.GetProperty("cursor").GetString()!;
    }

    /// <summary>A client's copy of the metric: a snapshot, then each update in seq order, as the contract says.</summary>
    private sealed class MetricReplica(string transport)
    {
        public MetricSnapshot? State { get; private set; }

        public long Seq { get; private set; }

        /// <summary>The host=a series' last value after each event: ingest order means never decreasing.</summary>
        public List<double> LastValues { get; } = [];

        public void Apply(PushedEvent pushed) => Apply(pushed.Type, pushed.Seq, pushed.Data);

        public void Apply(JsonElement pushEvent)
            => Apply(pushEvent.GetProperty("type").GetString()!, pushEvent.GetProperty("seq").GetInt64(), pushEvent.GetProperty("data"));

        private void Apply(string type, long seq, JsonElement data)
        {
            if (type == "snapshot")
            {
                State = data.Deserialize(GrainsJsonContext.Default.MetricSnapshot);
            }
            else
            {
                Assert.True(type == "update", $"{transport}: unexpected {type} event at seq {seq}");
                Assert.True(State is not null, $"{transport}: an update before any snapshot");
                Assert.True(seq == Seq + 1, $"{transport}: update seq {seq} after {Seq} (a gap or a duplicate)");
                State = State!.Apply(data.Deserialize(GrainsJsonContext.Default.MetricDelta)!);
            }

            Seq = seq;
            LastValues.Add(State!.Series[0].Last);
        }
    }
}
