using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Transports.WebSockets;
using LiveDash.Grains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.WebSockets;

/// <summary>The WebSocket protocol on a real gateway (CONTRACT.md, "WebSocket"); data is written through the grains.</summary>
public sealed class WebSocketTransportTests(WebSocketGatewayFixture fixture) : IClassFixture<WebSocketGatewayFixture>
{
    [Fact]
    public async Task Subscribe_Board_SnapshotThenUpdatesWithSeqPlusOne_ReproduceTheGrainsState()
    {
        var topic = Topic.Board("ws-sub");
        var grain = fixture.Board(topic.Name);
        await grain.ApplyAsync(new BoardCommand(Title: "Final", Set: Scores(("team-a", 1), ("team-b", 2))));
        var writtenBefore = fixture.Server.Services.GetRequiredService<GatewayMetrics>().Snapshot().EventsWritten;
        await using var client = await WebSocketTestClient.ConnectAsync(fixture.Server);

        await client.SendAsync("""{"op":"subscribe","topics":["board:ws-sub"],"id":"s1"}""");
        var received = new List<JsonElement>();
        await client.NextMatchingAsync(m => m.IsReply("ack", "s1"), "the subscribe's ack", received);
        var snapshot = received.Count > 0 ? received[0] : await client.NextAsync("the board's snapshot");
        Assert.True(snapshot.IsEvent("snapshot", topic), snapshot.ToString());
        Assert.False(string.IsNullOrEmpty(snapshot.Cursor()));

        for (var i = 1; i <= 5; i++)
        {
            await grain.ApplyAsync(new BoardCommand(Add: Scores((i % 2 == 0 ? "team-a" : "team-c", i))));
        }

        var final = await grain.GetSnapshotAsync();
        var updates = new List<JsonElement>();
        updates.Add(await client.NextMatchingAsync(m => m.IsAt(final.Position), $"the update at seq {final.Position.Sequence}", updates));

        Assert.All(updates, u => Assert.True(u.IsEvent("update", topic), u.ToString()));
        Assert.Equal(Enumerable.Range(1, updates.Count).Select(i => snapshot.Seq() + i), updates.Select(u => u.Seq()));
        var state = updates.Aggregate(snapshot.BoardData(), (board, update) => board.Apply(update.BoardDelta()));
        Assert.Equal(WebSocketEvents.Json(final.Data), WebSocketEvents.Json(state));
        Assert.True(fixture.Server.Services.GetRequiredService<GatewayMetrics>().Snapshot().EventsWritten >= writtenBefore + 1 + updates.Count);
    }

    [Fact]
    public async Task Unsubscribe_Acked_TheTopicsEventsStop()
    {
        Topic left = Topic.Board("ws-unsub-left"), kept = Topic.Board("ws-unsub-kept");
        await fixture.Board(left.Name).ApplyAsync(new BoardCommand(Set: Scores(("a", 1))));
        await fixture.Board(kept.Name).ApplyAsync(new BoardCommand(Set: Scores(("a", 1))));
        await using var client = await WebSocketTestClient.ConnectAsync(fixture.Server);
        await using var witness = await WebSocketTestClient.ConnectAsync(fixture.Server);
        await client.SendAsync("""{"op":"subscribe","topics":["board:ws-unsub-left","board:ws-unsub-kept"],"id":"s1"}""");
        await witness.SendAsync("""{"op":"subscribe","topics":["board:ws-unsub-left"],"id":"w1"}""");
        await client.NextMatchingAsync(m => m.IsReply("ack", "s1"), "the subscribe's ack");
        await witness.NextMatchingAsync(m => m.IsReply("ack", "w1"), "the witness's ack");

        await client.SendAsync("""{"op":"unsubscribe","topics":["board:ws-unsub-left"],"id":"u1"}""");
        await client.NextMatchingAsync(m => m.IsReply("ack", "u1"), "the unsubscribe's ack");
        var leftWrite = await fixture.Board(left.Name).ApplyAsync(new BoardCommand(Add: Scores(("a", 1))));
        await witness.NextMatchingAsync(m => m.IsEventOf(left) && m.IsAt(leftWrite.Position), "the witness's update of the left board");

        // The hub offered the left board's update to its members before the kept board's: one queue per connection.
        var keptWrite = await fixture.Board(kept.Name).ApplyAsync(new BoardCommand(Add: Scores(("a", 1))));
        var before = new List<JsonElement>();
        await client.NextMatchingAsync(m => m.IsEventOf(kept) && m.IsAt(keptWrite.Position), "the kept board's update", before);

        Assert.DoesNotContain(before, m => m.IsEventOf(left) && m.GetProperty("type").GetString() == "update");
    }

    [Fact]
    public async Task Ping_AnsweredWithPong()
    {
        await using var client = await WebSocketTestClient.ConnectAsync(fixture.Server);

        await client.SendAsync("""{"op":"ping"}""");
        var pong = await client.NextAsync("the pong");
        await client.SendAsync("""{"op":"ping","id":"p2"}""");
        var second = await client.NextAsync("the second pong");

        Assert.Equal("""{"op":"pong"}""", pong.GetRawText());
        Assert.True(second.IsReply("pong", "p2"), second.ToString());
    }

    [Fact]
    public async Task Resubscribe_WithTheTopicsLastCursor_ExactlyTheMissedUpdates()
    {
        var topic = Topic.Board("ws-resume");
        var grain = fixture.Board(topic.Name);
        await grain.ApplyAsync(new BoardCommand(Set: Scores(("a", 1))));
        string cursor;
        long lastSeq;
        await using (var first = await WebSocketTestClient.ConnectAsync(fixture.Server))
        {
            await first.SendAsync("""{"op":"subscribe","topics":["board:ws-resume"]}""");
            await first.NextMatchingAsync(m => m.IsEvent("snapshot", topic), "the snapshot");
            var written = await grain.ApplyAsync(new BoardCommand(Add: Scores(("a", 1))));
            var update = await first.NextMatchingAsync(m => m.IsAt(written.Position), "the first update");
            (cursor, lastSeq) = (update.Cursor(), update.Seq());
        }

        for (var i = 0; i < 3; i++)
        {
            await grain.ApplyAsync(new BoardCommand(Add: Scores(("b", i + 1))));
        }

        await using var second = await WebSocketTestClient.ConnectAsync(fixture.Server);
        await second.SendAsync($$"""{"op":"subscribe","topics":["board:ws-resume"],"cursor":"{{cursor}}","id":"r1"}""");
        var events = new List<JsonElement>();
        await second.NextMatchingAsync(m => m.IsReply("ack", "r1"), "the resume's ack", events);
        var live = await grain.ApplyAsync(new BoardCommand(Add: Scores(("c", 1))));
        events.Add(await second.NextMatchingAsync(m => m.IsAt(live.Position), "the update written after the resume", events));

        Assert.All(events, e => Assert.True(e.IsEvent("update", topic), e.ToString()));
        Assert.Equal([lastSeq + 1, lastSeq + 2, lastSeq + 3, lastSeq + 4], events.Select(e => e.Seq()));
    }

    [Fact]
    public async Task Resubscribe_WithACompositeCursor_ResumesEveryTopic()
    {
        Topic a = Topic.Board("ws-composite-a"), b = Topic.Board("ws-composite-b");
        await fixture.Board(a.Name).ApplyAsync(new BoardCommand(Set: Scores(("x", 1))));
        await fixture.Board(b.Name).ApplyAsync(new BoardCommand(Set: Scores(("x", 1))));
        string cursor;
        await using (var first = await WebSocketTestClient.ConnectAsync(fixture.Server))
        {
            await first.SendAsync("""{"op":"subscribe","topics":["board:ws-composite-a","board:ws-composite-b"]}""");
            var snapshotA = await first.NextMatchingAsync(m => m.IsEvent("snapshot", a), "a's snapshot");
            var snapshotB = await first.NextMatchingAsync(m => m.IsEvent("snapshot", b), "b's snapshot");
            cursor = snapshotA.Cursor() + "," + snapshotB.Cursor();
        }

        var missedA = await fixture.Board(a.Name).ApplyAsync(new BoardCommand(Add: Scores(("x", 1))));
        var missedB = await fixture.Board(b.Name).ApplyAsync(new BoardCommand(Add: Scores(("x", 1))));
        await using var second = await WebSocketTestClient.ConnectAsync(fixture.Server);
        await second.SendAsync($$"""{"op":"subscribe","topics":["board:ws-composite-a","board:ws-composite-b"],"cursor":"{{cursor}}","id":"r1"}""");
        var received = new List<JsonElement>();
        await second.NextMatchingAsync(m => m.IsReply("ack", "r1"), "the resume's ack", received);
        var liveA = await fixture.Board(a.Name).ApplyAsync(new BoardCommand(Add: Scores(("x", 1))));
        var liveB = await fixture.Board(b.Name).ApplyAsync(new BoardCommand(Add: Scores(("x", 1))));
        while (!received.Any(m => m.IsEventOf(a) && m.IsAt(liveA.Position)) || !received.Any(m => m.IsEventOf(b) && m.IsAt(liveB.Position)))
        {
            received.Add(await second.NextAsync("the live updates of both boards"));
        }

        Assert.DoesNotContain(received, m => m.Op() == "event" && m.GetProperty("type").GetString() != "update");
        Assert.Equal([missedA.Position.Sequence, liveA.Position.Sequence], received.Where(m => m.IsEventOf(a)).Select(m => m.Seq()));
        Assert.Equal([missedB.Position.Sequence, liveB.Position.Sequence], received.Where(m => m.IsEventOf(b)).Select(m => m.Seq()));
    }

    [Fact]
    public async Task Command_Acked_AndAnotherConnectionSeesTheUpdate()
    {
        var topic = Topic.Board("ws-command");
        await fixture.Board(topic.Name).ApplyAsync(new BoardCommand(Set: Scores(("team-a", 1))));
        await using var watcher = await WebSocketTestClient.ConnectAsync(fixture.Server);
        await using var controller = await WebSocketTestClient.ConnectAsync(fixture.Server);
        await watcher.SendAsync("""{"op":"subscribe","topics":["board:ws-command"],"id":"s1"}""");
        await watcher.NextMatchingAsync(m => m.IsReply("ack", "s1"), "the watcher's ack");

        await controller.SendAsync("""{"op":"command","topic":"board:ws-command","command":{"add":{"team-a":2}},"id":"c1"}""");
        var ack = await controller.NextAsync("the command's ack");
        var update = await watcher.NextMatchingAsync(m => m.IsEvent("update", topic), "the command's update");

        Assert.Equal("""{"op":"ack","id":"c1"}""", ack.GetRawText());
        Assert.Contains(update.BoardDelta().Entries, e => e.Id == "team-a" && e.Score == 3);
        Assert.Equal(3, (await fixture.Board(topic.Name).GetSnapshotAsync()).Data.Entries.Single(e => e.Id == "team-a").Score);
    }

    [Theory]
    [InlineData("""{"add":{"bad id!":1}}""", "bad id!")]
    [InlineData("""{"set":{"team-a":"three"}}""", "team-a")]
    public async Task Command_Invalid_ErrorInvalidCommandWithTheId(string command, string named)
    {
        await fixture.Board("ws-invalid").ApplyAsync(new BoardCommand(Set: Scores(("team-a", 1))));
        await using var client = await WebSocketTestClient.ConnectAsync(fixture.Server);

        await client.SendAsync($$"""{"op":"command","topic":"board:ws-invalid","command":{{command}},"id":"c2"}""");
        var error = await client.NextAsync("the command's error");

        Assert.True(error.IsReply("error", "c2"), error.ToString());
        Assert.Equal(WebSocketErrorCodes.InvalidCommand, error.GetProperty("code").GetString());
        Assert.Contains(named, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await fixture.Board("ws-invalid").GetSnapshotAsync()).Data.Entries.Single().Score);
    }

    [Fact]
    public async Task Subscribe_UnknownTopic_ErrorUnknownTopic_NothingSubscribed()
    {
        await fixture.Board("ws-known").ApplyAsync(new BoardCommand(Set: Scores(("a", 1))));
        await using var client = await WebSocketTestClient.ConnectAsync(fixture.Server);

        await client.SendAsync("""{"op":"subscribe","topics":["board:ws-known","board:ws-never-written"],"id":"s1"}""");
        var error = await client.NextAsync("the subscribe's error");
        await client.SendAsync("""{"op":"ping","id":"p1"}""");
        var next = await client.NextAsync("the pong");

        Assert.True(error.IsReply("error", "s1"), error.ToString());
        Assert.Equal(WebSocketErrorCodes.UnknownTopic, error.GetProperty("code").GetString());
        Assert.Contains("board:ws-never-written", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(next.IsReply("pong", "p1"), $"expected the pong and no snapshot of the known board, got {next}");
    }

    [Fact]
    public async Task Subscribe_OverTheTopicLimit_ErrorTooManyTopics()
    {
        await using var client = await WebSocketTestClient.ConnectAsync(fixture.Server);
        var topics = string.Join(',', Enumerable.Range(0, 65).Select(i => $"\"board:ws-many-{i}\""));

        await client.SendAsync($$"""{"op":"subscribe","topics":[{{topics}}],"id":"s1"}""");
        var error = await client.NextAsync("the subscribe's error");

        Assert.True(error.IsReply("error", "s1"), error.ToString());
        Assert.Equal(WebSocketErrorCodes.TooManyTopics, error.GetProperty("code").GetString());
        Assert.Contains("MaxTopicsPerConnection", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJson_ErrorBadRequest_TheConnectionStaysUsable()
    {
        await using var client = await WebSocketTestClient.ConnectAsync(fixture.Server);

        await client.SendAsync("""{"op":"subscribe","topics":[""");
        var error = await client.NextAsync("the error");
        await client.SendAsync("""{"op":"ping"}""");
        var pong = await client.NextAsync("the pong after the error");

        Assert.Equal("error", error.Op());
        Assert.Equal(WebSocketErrorCodes.BadRequest, error.GetProperty("code").GetString());
        Assert.Equal("pong", pong.Op());
        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task OversizeMessage_Closed4500BadRequest()
    {
        await using var client = await WebSocketTestClient.ConnectAsync(fixture.Server);
        var padding = new string(' ', WebSocketGatewayFixture.MaxIncomingMessageBytes);

        await client.SendAsync($$"""{"op":"ping","pad":"{{padding}}"}""");
        var status = await client.WaitClosedAsync("the close frame for an oversize message");

        Assert.Equal(4500, (int?)status);
        Assert.Equal("bad_request", client.CloseDescription);
    }

    [Fact]
    public async Task BinaryMessage_Closed4500BadRequest()
    {
        await using var client = await WebSocketTestClient.ConnectAsync(fixture.Server);

        await client.SendAsync([1, 2, 3], WebSocketMessageType.Binary);
        var status = await client.WaitClosedAsync("the close frame for a binary message");

        Assert.Equal(4500, (int?)status);
    }

    [Fact]
    public async Task PlainHttpRequest_400ProblemWithoutUpgrade()
    {
        using var http = fixture.Server.CreateClient();

        using var response = await http.GetAsync("ws");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static Dictionary<string, long> Scores(params (string Id, long Score)[] scores) => scores.ToDictionary(s => s.Id, s => s.Score);
}
