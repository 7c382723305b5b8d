using System.Net;
using System.Text.Json;
using LiveDash.Gateway.Push;
using LiveDash.Grains;
using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Sse;

/// <summary>
/// <c>GET /api/v1/stream</c> on a real gateway (local mode): the stream's shape, state reproduction, resume by
/// cursor, keep-alives, refusals and graceful shutdown (CONTRACT.md, "Server-Sent Events").
/// </summary>
public sealed class SseStreamTests : IAsyncLifetime
{
    private readonly List<GatewayServer> _servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stream_FreshSubscription_RetryFirst_SnapshotPerTopic_UpdatesReproduceGrainState()
    {
        var server = await StartAsync();
        await AddAsync(server, "score", "team-a", 1);
        await RecordAsync(server, "cpu.load", 0.5);
        using var client = server.CreateClient();
        await using var stream = await SseTestStream.OpenAsync(client, ["board:score", "metric:cpu.load"]);

        Assert.Equal("no-cache", stream.Response.Headers.CacheControl?.ToString());
        Assert.Equal(new SseRetry(TimeSpan.FromSeconds(1)), await stream.NextItemAsync("the retry line"));
        var replicas = new Dictionary<string, TopicReplica> { ["board:score"] = new("board:score"), ["metric:cpu.load"] = new("metric:cpu.load") };
        for (var i = 0; i < 2; i++)
        {
            var snapshot = await stream.NextTopicEventAsync("a snapshot of each topic");
            Assert.Equal("snapshot", snapshot.Type);
            Assert.True(snapshot.Recovered);
            replicas[snapshot.Topic].Apply(snapshot);
        }

        for (var i = 0; i < 30; i++)
        {
            await AddAsync(server, "score", "team-" + (char)('a' + (i % 4)), i % 3 + 1);
            await RecordAsync(server, "cpu.load", i / 10.0, host: "h" + (i % 3));
        }

        var board = await Grains(server).GetGrain<IScoreboardGrain>("score").GetSnapshotAsync();
        var metric = await Grains(server).GetGrain<IMetricGrain>("cpu.load").GetSnapshotAsync();
        await ReadUntilAsync(stream, replicas, new() { ["board:score"] = board.Position.Sequence, ["metric:cpu.load"] = metric.Position.Sequence });

        Assert.Equal(TopicReplica.JsonOf(board.Data), replicas["board:score"].Json);
        Assert.Equal(TopicReplica.JsonOf(metric.Data), replicas["metric:cpu.load"].Json);
        Assert.All(replicas.Values, r => Assert.Equal(1, r.Snapshots));
        Assert.All(replicas.Values, r => Assert.True(r.Updates > 0, $"{r.Topic} got no update"));
    }

    [Fact]
    public async Task Stream_OneTopic_IdIsTheTopicsCursorSegment()
    {
        var server = await StartAsync();
        var written = await AddAsync(server, "solo", "team-a", 1);
        using var client = server.CreateClient();
        await using var stream = await SseTestStream.OpenAsync(client, ["board:solo"]);

        var snapshot = await stream.NextTopicEventAsync("the snapshot");

        Assert.Equal(PushCursor.Segment(Topic.Board("solo"), written.Position), snapshot.Id);
    }

    [Fact]
    public async Task Stream_TwoTopicsResumedWithLastEventId_ExactlyTheMissedUpdatesInOrder_NoSnapshot()
    {
        var server = await StartAsync(("LiveDash:Runtime:Streams:PublishInterval", "00:00:00"));
        string[] topics = ["board:left", "board:right"];
        await AddAsync(server, "left", "x", 1);
        await AddAsync(server, "right", "y", 1);
        using var client = server.CreateClient();
        var replicas = topics.ToDictionary(t => t, t => new TopicReplica(t));

        string cursor;
        await using (var first = await SseTestStream.OpenAsync(client, topics))
        {
            for (var i = 0; i < 5; i++)
            {
                await AddAsync(server, "left", "x", 1);
                await AddAsync(server, "right", "y", 2);
            }

            await ReadUntilAsync(first, replicas, await PositionsAsync(server, topics));
            cursor = first.Reader.LastEventId;
        }

        Assert.Equal(2, cursor.Split(',').Length);
        for (var i = 0; i < 7; i++)
        {
            await AddAsync(server, "left", "x" + (i % 2), 1);
            await AddAsync(server, "right", "y", -1);
        }

        var ends = await PositionsAsync(server, topics);
        var missed = topics.Sum(t => ends[t] - replicas[t].Seq);
        var updatesBefore = replicas.Values.Sum(r => r.Updates);
        await using var resumed = await SseTestStream.OpenAsync(client, topics, lastEventId: cursor);
        await ReadUntilAsync(resumed, replicas, ends);

        // The replicas fail on any snapshot count change, seq gap or repeat; every missed update came, once.
        Assert.All(replicas.Values, r => Assert.Equal(1, r.Snapshots));
        Assert.True(missed > 0, "nothing was missed");
        Assert.Equal(missed, replicas.Values.Sum(r => r.Updates) - updatesBefore);
        Assert.Equal(TopicReplica.JsonOf((await Grains(server).GetGrain<IScoreboardGrain>("left").GetSnapshotAsync()).Data), replicas["board:left"].Json);
        Assert.Equal(TopicReplica.JsonOf((await Grains(server).GetGrain<IScoreboardGrain>("right").GetSnapshotAsync()).Data), replicas["board:right"].Json);
    }

    [Fact]
    public async Task Stream_CursorOlderThanReplayWindow_SnapshotNotRecovered()
    {
        // Both windows small: the gateway's ring and the stream's own buffer it would fetch from.
        var server = await StartAsync(
            ("LiveDash:Gateway:Push:ReplayBufferCount", "2"),
            ("LiveDash:Runtime:Streams:ReplayBufferCount", "2"),
            ("LiveDash:Runtime:Streams:PublishInterval", "00:00:00"));
        await AddAsync(server, "old", "a", 1);
        using var client = server.CreateClient();
        string cursor;
        await using (var first = await SseTestStream.OpenAsync(client, ["board:old"]))
        {
            cursor = (await first.NextTopicEventAsync("the snapshot")).Id;
        }

        for (var i = 0; i < 6; i++)
        {
            await AddAsync(server, "old", "a", 1);
        }

        var end = await Grains(server).GetGrain<IScoreboardGrain>("old").GetSnapshotAsync();
        await using var resumed = await SseTestStream.OpenAsync(client, ["board:old"], lastEventId: cursor);
        var snapshot = await resumed.NextTopicEventAsync("a snapshot replacing the lost updates");

        Assert.Equal("snapshot", snapshot.Type);
        Assert.False(snapshot.Recovered);
        Assert.Equal(end.Position.Sequence, snapshot.Seq);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("zzzzzzzz:1:2")]
    public async Task Stream_UnparseableCursor_PlainSnapshot(string cursor)
    {
        var server = await StartAsync();
        await AddAsync(server, "plain", "a", 1);
        using var client = server.CreateClient();
        await using var stream = await SseTestStream.OpenAsync(client, ["board:plain"], lastEventId: cursor);

        var snapshot = await stream.NextTopicEventAsync("a snapshot");

        Assert.Equal("snapshot", snapshot.Type);
        Assert.True(snapshot.Recovered);
    }

    [Fact]
    public async Task Stream_CursorInTheQuery_ResumesLikeTheHeader()
    {
        var server = await StartAsync(("LiveDash:Runtime:Streams:PublishInterval", "00:00:00"));
        var start = await AddAsync(server, "query", "a", 1);
        await AddAsync(server, "query", "a", 1);
        using var client = server.CreateClient();
        var cursor = PushCursor.Segment(Topic.Board("query"), start.Position);
        await using var stream = await SseTestStream.OpenAsync(client, ["board:query"], extraQuery: "lastEventId=" + Uri.EscapeDataString(cursor));

        var update = await stream.NextTopicEventAsync("the missed update");

        Assert.Equal(("update", start.Position.Sequence + 1), (update.Type, update.Seq));
    }

    [Fact]
    public async Task Stream_CursorOfAnotherEpoch_ResetThenSnapshot()
    {
        // Regression: the reset moved the connection's position to the new epoch, so the snapshot that
        // follows it (at that same position) was dropped as already written and the client was left empty.
        var server = await StartAsync();
        var written = await AddAsync(server, "epoch", "a", 1);
        using var client = server.CreateClient();
        var stale = PushCursor.Segment(Topic.Board("epoch"), new StreamSequenceToken(written.Position.Epoch + 1, 3));
        await using var stream = await SseTestStream.OpenAsync(client, ["board:epoch"], lastEventId: stale);

        var reset = await stream.NextTopicEventAsync("a reset");
        var snapshot = await stream.NextTopicEventAsync("the snapshot after the reset");

        Assert.Equal("reset", reset.Type);
        Assert.Equal(("snapshot", false), (snapshot.Type, snapshot.Recovered));
        Assert.Equal(PushCursor.Segment(Topic.Board("epoch"), written.Position), snapshot.Id);
    }

    [Fact]
    public async Task Stream_QuietTopic_PingCommentArrives()
    {
        var server = await StartAsync(("LiveDash:Gateway:Sse:PingInterval", "00:00:00.200"));
        await AddAsync(server, "quiet", "a", 1);
        using var client = server.CreateClient();
        await using var stream = await SseTestStream.OpenAsync(client, ["board:quiet"]);

        SseItem item;
        do
        {
            item = await stream.NextItemAsync("a ': ping' comment");
        }
        while (item is not SseComment);

        Assert.Equal(new SseComment("ping"), item);
    }

    [Fact]
    public async Task Stream_GracefulStop_DisconnectEventWithShutdownCode_ThenEnd()
    {
        var server = await StartAsync();
        await AddAsync(server, "stop", "a", 1);
        using var client = server.CreateClient();
        await using var stream = await SseTestStream.OpenAsync(client, ["board:stop"]);
        await stream.NextTopicEventAsync("the snapshot");

        var stopping = server.StopAsync();
        var disconnect = await stream.NextDisconnectAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(4000, disconnect.GetProperty("code").GetInt32());
        Assert.Equal("shutdown", disconnect.GetProperty("reason").GetString());
        Assert.True(disconnect.GetProperty("reconnect").GetBoolean());
        Assert.Null(await stream.Reader.ReadAsync());
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest, "at least one topic")]
    [InlineData("?topic=nope:x", HttpStatusCode.BadRequest, "'nope:x' is not a topic")]
    [InlineData("?topic=board:fine&topic=metric:bad%20name", HttpStatusCode.BadRequest, "'metric:bad name' is not a topic")]
    [InlineData("?topic=board:never-written", HttpStatusCode.NotFound, "board:never-written")]
    public async Task Stream_Refused_ProblemBeforeAnySseByte(string query, HttpStatusCode status, string detail)
    {
        var server = await StartAsync();
        await AddAsync(server, "fine", "a", 1);
        using var client = server.CreateClient();

        using var response = await client.GetAsync("api/v1/stream" + query);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, body, StringComparison.Ordinal);
        Assert.DoesNotContain("retry:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_TooManyTopics_400NamingTheOption()
    {
        var server = await StartAsync(("LiveDash:Gateway:Push:MaxTopicsPerConnection", "1"));
        await AddAsync(server, "one", "a", 1);
        await AddAsync(server, "two", "a", 1);
        using var client = server.CreateClient();

        using var response = await client.GetAsync("api/v1/stream?topic=board:one&topic=board:two");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MaxTopicsPerConnection", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheStream()
    {
        var server = await StartAsync();
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var get = document.RootElement.GetProperty("paths").GetProperty("/api/v1/stream").GetProperty("get");
        Assert.False(string.IsNullOrEmpty(get.GetProperty("summary").GetString()));
        Assert.True(get.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
        Assert.True(get.GetProperty("responses").TryGetProperty("404", out _));
        var parameters = get.GetProperty("parameters").EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("in").GetString())).ToList();
        Assert.Contains(("topic", "query"), parameters);
        Assert.Contains(("Last-Event-ID", "header"), parameters);
    }

    internal static IClusterClient Grains(GatewayServer server) => server.Services.GetRequiredService<IClusterClient>();

    internal static Task<TopicSnapshot<BoardSnapshot>> AddAsync(GatewayServer server, string board, string entry, long amount)
        => Grains(server).GetGrain<IScoreboardGrain>(board).ApplyAsync(new BoardCommand(Add: new Dictionary<string, long> { [entry] = amount }));

    internal static Task<RecordResult> RecordAsync(GatewayServer server, string metric, double value, string host = "a")
        => Grains(server).GetGrain<IMetricGrain>(metric).RecordAsync(
            new MetricBatch(null, [new MetricSample(value, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), new Dictionary<string, string> { ["host"] = host })]));

    /// <summary>Applies topic events to <paramref name="replicas"/> until each topic reached its end position.</summary>
    internal static async Task ReadUntilAsync(SseTestStream stream, Dictionary<string, TopicReplica> replicas, Dictionary<string, long> ends)
    {
        while (replicas.Any(r => r.Value.Seq < ends[r.Key]))
        {
            var waiting = string.Join(", ", replicas.Where(r => r.Value.Seq < ends[r.Key]).Select(r => $"{r.Key} #{ends[r.Key]} (at #{r.Value.Seq})"));
            var pushed = await stream.NextTopicEventAsync("events up to " + waiting);
            replicas[pushed.Topic].Apply(pushed);
        }
    }

    private static async Task<Dictionary<string, long>> PositionsAsync(GatewayServer server, string[] topics)
    {
        var positions = new Dictionary<string, long>();
        foreach (var topic in topics)
        {
            positions[topic] = (await Grains(server).GetGrain<IScoreboardGrain>(Topic.Parse(topic).Name).GetSnapshotAsync()).Position.Sequence;
        }

        return positions;
    }

    private async Task<GatewayServer> StartAsync(params (string Key, string Value)[] settings)
    {
        var server = await GatewayServer.StartAsync(settings.ToDictionary(s => s.Key, s => (string?)s.Value));
        _servers.Add(server);
        return server;
    }
}
