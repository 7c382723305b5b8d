using System.Text;
using LiveDash.Grains;
using LiveDash.IntegrationTests.Gateway.Cluster;
using LiveDash.TestingHost;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Sse;

/// <summary>
/// Gateways are stateless towards browsers (DESIGN.md): a client resumes on a new gateway from the cursor the
/// old one gave it, and the missed events come from the topic streams' replay buffers in the silos.
/// </summary>
public sealed class SseGatewayRestartTests : IAsyncLifetime
{
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
    public async Task Stream_ResumedOnANewGateway_ExactlyTheMissedUpdates_NoGapNoDuplicate()
    {
        string[] topics = ["board:relay-a", "board:relay-b"];
        var replicas = topics.ToDictionary(t => t, t => new TopicReplica(t));
        await WriteAsync(round: 0);

        var first = await _gateways!.StartGatewayAsync();
        string cursor;
        using (var client = first.CreateClient())
        await using (var stream = await SseTestStream.OpenAsync(client, topics))
        {
            for (var round = 1; round <= 3; round++)
            {
                await WriteAsync(round);
            }

            await SseStreamTests.ReadUntilAsync(stream, replicas, await PositionsAsync(topics));
            cursor = stream.Reader.LastEventId;

            await first.StopAsync();
            var goodbye = await stream.NextDisconnectAsync();
            Assert.Equal(4000, goodbye.GetProperty("code").GetInt32());
        }

        // Written while no gateway follows the topics: only the silos' stream buffers hold these updates.
        for (var round = 4; round <= 9; round++)
        {
            await WriteAsync(round);
        }

        var ends = await PositionsAsync(topics);
        var missed = topics.Sum(t => ends[t] - replicas[t].Seq);
        var updatesBefore = replicas.Values.Sum(r => r.Updates);

        var second = await _gateways!.StartGatewayAsync();
        using var secondClient = second.CreateClient();
        await using var resumed = await SseTestStream.OpenAsync(secondClient, topics, lastEventId: cursor);
        await SseStreamTests.ReadUntilAsync(resumed, replicas, ends);

        Assert.All(replicas.Values, r => Assert.Equal(1, r.Snapshots));
        Assert.True(missed > 0, "nothing was missed");
        Assert.Equal(missed, replicas.Values.Sum(r => r.Updates) - updatesBefore);
        foreach (var topic in topics)
        {
            var grain = Cluster.Client.GetGrain<IScoreboardGrain>(Topic.Parse(topic).Name);
            Assert.Equal(TopicReplica.JsonOf((await grain.GetSnapshotAsync()).Data), replicas[topic].Json);
        }
    }

    [Fact]
    public async Task Stream_ResumedOnAFreshGatewayWhilePointsArrive_EveryPointOnceInOrder_NoSnapshot()
    {
        // The browser test's sequence, without the browser: points written while no gateway follows the
        // topic, then one more while a fresh gateway (a new cluster client) takes its first subscription
        // for the resuming client. Back-to-back points may share one stream item (the grain publishes at
        // most one per PublishInterval), so the client is checked against the grain's state and position,
        // never against a count of points.
        var ingestGateway = await _gateways!.StartGatewayAsync();
        using var ingest = ingestGateway.CreateClient();
        for (var round = 0; round < 3; round++)
        {
            var metric = "resume.fresh-" + round;
            var topic = "metric:" + metric;
            var replica = new TopicReplica(topic);
            var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 30_000;
            await IngestAsync(ingest, metric, value: 1, start);

            var watched = await _gateways.StartGatewayAsync();
            string cursor;
            using (var client = watched.CreateClient())
            await using (var stream = await SseTestStream.OpenAsync(client, [topic]))
            {
                replica.Apply(await stream.NextTopicEventAsync($"{topic}'s snapshot"));
                await IngestAsync(ingest, metric, value: 2, start + 1000);
                replica.Apply(await stream.NextTopicEventAsync($"{topic}'s first update"));
                cursor = stream.Reader.LastEventId;
            }

            await watched.StopAsync();
            await IngestAsync(ingest, metric, value: 3, start + 2000);
            await IngestAsync(ingest, metric, value: 4, start + 3000);

            var fresh = await _gateways.StartGatewayAsync();
            using var freshClient = fresh.CreateClient();
            var resuming = SseTestStream.OpenAsync(freshClient, [topic], lastEventId: cursor);
            await IngestAsync(ingest, metric, value: 5, start + 4000);
            await using var resumed = await resuming;
            var grain = await Cluster.Client.GetGrain<IMetricGrain>(metric).GetSnapshotAsync();
            await SseStreamTests.ReadUntilAsync(resumed, new() { [topic] = replica }, new() { [topic] = grain.Position.Sequence });

            Assert.Equal(1, replica.Snapshots);
            Assert.Equal(TopicReplica.JsonOf(grain.Data), replica.Json);
            Assert.Equal(5, Assert.Single(grain.Data.Series).Count);
            await fresh.StopAsync();
        }
    }

    private static async Task IngestAsync(HttpClient client, string metric, int value, long timestampMs)
    {
        var body = $$$"""{"batchId":"{{{metric}}}-{{{value}}}","points":[{"metric":"{{{metric}}}","value":{{{value}}},"ts":{{{timestampMs}}},"tags":{"host":"a"}}]}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("api/v1/metrics", content);
        Assert.True(response.IsSuccessStatusCode, $"ingest of {value} into {metric} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task WriteAsync(int round)
    {
        await Cluster.Client.GetGrain<IScoreboardGrain>("relay-a").ApplyAsync(new BoardCommand(Add: new Dictionary<string, long> { ["team-" + (round % 3)] = round + 1 }));
        await Cluster.Client.GetGrain<IScoreboardGrain>("relay-b").ApplyAsync(new BoardCommand(Set: new Dictionary<string, long> { ["x"] = 100 - round, ["y"] = round }));
    }

    private async Task<Dictionary<string, long>> PositionsAsync(string[] topics)
    {
        var positions = new Dictionary<string, long>();
        foreach (var topic in topics)
        {
            positions[topic] = (await Cluster.Client.GetGrain<IScoreboardGrain>(Topic.Parse(topic).Name).GetSnapshotAsync()).Position.Sequence;
        }

        return positions;
    }
}
