using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LiveDash.Gateway.Push;
using LiveDash.Grains;
using LiveDash.IntegrationTests.Runtime.Persistence;
using LiveDash.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.LongPolling;

/// <summary><c>GET /api/v1/poll</c> on a real gateway (CONTRACT.md, "HTTP API"); data is written through the grains.</summary>
public sealed class LongPollingTests(LongPollingGatewayFixture fixture) : IClassFixture<LongPollingGatewayFixture>
{
    private static readonly TimeSpan s_shortHold = LongPollingGatewayFixture.ShortHold;

    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task FirstPoll_NoCursor_SnapshotsAndACursorAtOnce()
    {
        await Board(Server, "lp-first").ApplyAsync(new BoardCommand(Set: Scores(("a", 1))));
        await Server.Services.GetRequiredService<IClusterClient>().GetGrain<IMetricGrain>("lp.first")
            .RecordAsync(new MetricBatch(null, [new MetricSample(0.5, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), new Dictionary<string, string> { ["host"] = "a" })]));
        using var http = Server.CreateClient();
        var watch = Stopwatch.StartNew();

        using var response = await http.GetAsync("api/v1/poll?topic=board:lp-first&topic=metric:lp.first");
        var (events, cursor) = await ReadAsync(response);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"the snapshots should come at once, not after the hold ({watch.Elapsed})");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(["board:lp-first", "metric:lp.first"], events.Select(e => e.GetProperty("topic").GetString()));
        Assert.All(events, e => Assert.Equal("snapshot", e.GetProperty("type").GetString()));
        Assert.True(PushCursor.TryParse(cursor, out var parsed) && parsed.Count == 2, cursor);
    }

    [Fact]
    public async Task PollWithCursor_HeldUntilAWrite_ThenExactlyTheNewUpdateAndANewCursor()
    {
        var grain = Board(Server, "lp-hold");
        await grain.ApplyAsync(new BoardCommand(Set: Scores(("a", 1))));
        using var http = Server.CreateClient();
        using var first = await http.GetAsync("api/v1/poll?topic=board:lp-hold");
        var (snapshots, cursor) = await ReadAsync(first);
        var snapshotSeq = Assert.Single(snapshots).GetProperty("seq").GetInt64();

        var poll = http.GetAsync($"api/v1/poll?topic=board:lp-hold&cursor={Uri.EscapeDataString(cursor)}");
        Assert.False(poll.IsCompleted, "the poll should wait for an event");
        var written = await grain.ApplyAsync(new BoardCommand(Add: Scores(("a", 2))));
        using var second = await poll.WithTimeout("the held poll to answer after the write");
        var (updates, next) = await ReadAsync(second);

        var update = Assert.Single(updates);
        Assert.Equal("update", update.GetProperty("type").GetString());
        Assert.Equal(snapshotSeq + 1, update.GetProperty("seq").GetInt64());
        Assert.Equal(written.Position.Sequence, update.GetProperty("seq").GetInt64());
        Assert.NotEqual(cursor, next);
    }

    [Fact]
    public async Task ShortHold_NoWrites_NoEventsAndTheSameCursorAfterTheHold()
    {
        await Board(fixture.ShortHoldServer, "lp-idle").ApplyAsync(new BoardCommand(Set: Scores(("a", 1))));
        using var http = fixture.ShortHoldServer.CreateClient();
        using var first = await http.GetAsync("api/v1/poll?topic=board:lp-idle");
        var (_, cursor) = await ReadAsync(first);
        var watch = Stopwatch.StartNew();

        using var second = await http.GetAsync($"api/v1/poll?topic=board:lp-idle&cursor={Uri.EscapeDataString(cursor)}");
        var body = await second.Content.ReadAsStringAsync();

        Assert.True(watch.Elapsed >= s_shortHold - TimeSpan.FromMilliseconds(50), $"answered after {watch.Elapsed}, before the hold of {s_shortHold}");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal($$"""{"events":[],"cursor":"{{cursor}}"}""", body);
    }

    [Fact]
    public async Task TwoTopicsAndACursor_TheNewCursorStillNamesBoth_SoTheNextPollGetsNoSnapshot()
    {
        var server = fixture.ShortHoldServer;
        await Board(server, "lp-two-a").ApplyAsync(new BoardCommand(Set: Scores(("a", 1))));
        await Board(server, "lp-two-b").ApplyAsync(new BoardCommand(Set: Scores(("b", 1))));
        using var http = server.CreateClient();
        const string topics = "topic=board:lp-two-a&topic=board:lp-two-b";
        using var first = await http.GetAsync("api/v1/poll?" + topics);
        var (_, cursor) = await ReadAsync(first);

        var written = await Board(server, "lp-two-a").ApplyAsync(new BoardCommand(Add: Scores(("a", 1))));
        using var second = await http.GetAsync($"api/v1/poll?{topics}&cursor={Uri.EscapeDataString(cursor)}");
        var (updates, next) = await ReadAsync(second);
        using var third = await http.GetAsync($"api/v1/poll?{topics}&cursor={Uri.EscapeDataString(next)}");
        var (none, last) = await ReadAsync(third);

        var update = Assert.Single(updates);
        Assert.Equal(written.Position.Sequence, update.GetProperty("seq").GetInt64());
        Assert.True(PushCursor.TryParse(next, out var parsed) && parsed.Count == 2, next);
        Assert.Empty(none);
        Assert.Equal(next, last);
    }

    [Theory]
    [InlineData("api/v1/poll", HttpStatusCode.BadRequest)]
    [InlineData("api/v1/poll?topic=cpu.load", HttpStatusCode.BadRequest)]
    [InlineData("api/v1/poll?topic=board:has%20space", HttpStatusCode.BadRequest)]
    [InlineData("api/v1/poll?topic=board:lp-never-written", HttpStatusCode.NotFound)]
    public async Task BadOrUnknownTopics_Problems(string path, HttpStatusCode status)
    {
        using var http = Server.CreateClient();

        using var response = await http.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GatewayStoppingMidHold_AnsweredAtOnceWithTheCursor()
    {
        await using var server = await GatewayServer.StartAsync();
        await Board(server, "lp-stop").ApplyAsync(new BoardCommand(Set: Scores(("a", 1))));
        using var http = server.CreateClient();
        using var first = await http.GetAsync("api/v1/poll?topic=board:lp-stop");
        var (_, cursor) = await ReadAsync(first);
        var hub = server.Services.GetRequiredService<TopicHub>();

        var poll = http.GetAsync($"api/v1/poll?topic=board:lp-stop&cursor={Uri.EscapeDataString(cursor)}");
        await WaitUntilAsync(() => hub.ConnectionCount == 1, "the poll to be held");
        var watch = Stopwatch.StartNew();
        var stopping = server.StopAsync();
        using var response = await poll.WithTimeout("the held poll to answer at shutdown");
        var (events, next) = await ReadAsync(response);
        await stopping.WithTimeout("the gateway to stop");

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"the poll should be answered at shutdown, not after the hold ({watch.Elapsed})");
        Assert.Empty(events);
        Assert.Equal(cursor, next);
    }

    [Fact]
    public async Task ClientGoneMidHold_TheConnectionIsReleased()
    {
        await Board(Server, "lp-gone").ApplyAsync(new BoardCommand(Set: Scores(("a", 1))));
        using var http = Server.CreateClient();
        using var first = await http.GetAsync("api/v1/poll?topic=board:lp-gone");
        var (_, cursor) = await ReadAsync(first);
        var hub = Server.Services.GetRequiredService<TopicHub>();
        var before = hub.ConnectionCount;
        using var cancel = new CancellationTokenSource();

        var poll = http.GetAsync($"api/v1/poll?topic=board:lp-gone&cursor={Uri.EscapeDataString(cursor)}", cancel.Token);
        await WaitUntilAsync(() => hub.ConnectionCount == before + 1, "the poll to be held");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);

        await WaitUntilAsync(() => hub.ConnectionCount == before, "the abandoned poll's connection to be disposed");
    }

    private static IScoreboardGrain Board(GatewayServer server, string id)
        => server.Services.GetRequiredService<IClusterClient>().GetGrain<IScoreboardGrain>(id);

    private static Dictionary<string, long> Scores(params (string Id, long Score)[] scores) => scores.ToDictionary(s => s.Id, s => s.Score);

    private static async Task<(List<JsonElement> Events, string Cursor)> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        var events = document.RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone()).ToList();
        return (events, document.RootElement.GetProperty("cursor").GetString()!);
    }

    // The hub has no event for "a connection opened"; its count is checked until it holds, within the usual bound.
    private static async Task WaitUntilAsync(Func<bool> condition, string expected)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TaskTimeoutExtensions.Timeout)
            {
                throw new TimeoutException($"Timed out after {TaskTimeoutExtensions.Timeout.TotalSeconds:0} s waiting for {expected}.");
            }

            await Task.Delay(10);
        }
    }
}
