using System.Text;
using System.Text.Json;
using LiveDash.Gateway.Auth;
using LiveDash.Gateway.Transports.WebSockets;
using LiveDash.Grains;
using LiveDash.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiveDash.UnitTests.Gateway.WebSockets;

/// <summary>The command path of <see cref="WebSocketRequestHandler"/>, against a fake board grain (commands never touch the connection).</summary>
public sealed class WebSocketRequestHandlerTests
{
    private static readonly AccessGrant s_viewOnly = new(AccessScope.View, "test", null);
    private static readonly AccessGrant s_ingest = new(AccessScope.View | AccessScope.Ingest, "test", null);

    [Fact]
    public async Task Command_Applied_AckWithTheId()
    {
        var board = new FakeBoard();
        var reply = await HandleAsync(board, s_ingest, """{"op":"command","topic":"board:m1","command":{"add":{"team-a":2},"batchId":"b-1"},"id":"c1"}""");

        Assert.Equal("""{"op":"ack","id":"c1"}""", reply);
        var command = Assert.Single(board.Applied);
        Assert.Equal(2, command.Add!["team-a"]);
        Assert.Equal("b-1", command.BatchId);
        Assert.Equal("m1", board.Key);
    }

    [Fact]
    public async Task Command_AppliedWithoutId_NoReply()
    {
        var board = new FakeBoard();

        var reply = await HandleAsync(board, s_ingest, """{"op":"command","topic":"board:m1","command":{"set":{"a":1}}}""");

        Assert.Null(reply);
        Assert.Single(board.Applied);
    }

    [Fact]
    public async Task Command_WithoutIngestScope_ForbiddenAndNotApplied()
    {
        var board = new FakeBoard();

        var reply = await HandleAsync(board, s_viewOnly, """{"op":"command","topic":"board:m1","command":{"add":{"a":1}},"id":"c1"}""");

        AssertError(reply, "c1", WebSocketErrorCodes.Forbidden, "ingest");
        Assert.Empty(board.Applied);
    }

    [Fact]
    public async Task Command_OnAMetricTopic_InvalidCommand()
    {
        var board = new FakeBoard();

        var reply = await HandleAsync(board, s_ingest, """{"op":"command","topic":"metric:cpu","command":{"add":{"a":1}},"id":"c1"}""");

        AssertError(reply, "c1", WebSocketErrorCodes.InvalidCommand, "metric:cpu");
        Assert.Empty(board.Applied);
    }

    [Theory]
    [InlineData("""{"add":{"team a":1}}""", "team a")]
    [InlineData("""{"add":{"team-a":"one"}}""", "team-a")]
    [InlineData("""{"add":{"team-a":1.5}}""", "team-a")]
    [InlineData("""{"inc":{"team-a":1}}""", "inc")]
    [InlineData("""{"add":{"a":1},"add":{"b":1}}""", "add")]
    [InlineData("""{}""", "changes nothing")]
    [InlineData("""{"batchId":"has space","add":{"a":1}}""", "batchId")]
    public async Task Command_Invalid_InvalidCommandNamingTheValue(string command, string named)
    {
        var board = new FakeBoard();

        var reply = await HandleAsync(board, s_ingest, $$"""{"op":"command","topic":"board:m1","command":{{command}},"id":"c9"}""");

        AssertError(reply, "c9", WebSocketErrorCodes.InvalidCommand, named);
        Assert.Empty(board.Applied);
    }

    [Fact]
    public async Task Command_GrainRejectsOnAnotherSilo_InvalidCommandWithItsReason()
    {
        var board = new FakeBoard
        {
            Failure = new RemoteGrainException(typeof(InvalidGrainInputException).FullName!, "adding 1 to 'a' overflows; send a smaller value", null),
        };

        var reply = await HandleAsync(board, s_ingest, """{"op":"command","topic":"board:m1","command":{"add":{"a":1}},"id":"c1"}""");

        AssertError(reply, "c1", WebSocketErrorCodes.InvalidCommand, "adding 1 to 'a' overflows");
        Assert.DoesNotContain("InvalidGrainInputException", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_EntryLimit_InvalidCommand()
    {
        var board = new FakeBoard { Failure = new BoardEntryLimitExceededException("m1", 2, 3) };

        var reply = await HandleAsync(board, s_ingest, """{"op":"command","topic":"board:m1","command":{"add":{"a":1}},"id":"c1"}""");

        AssertError(reply, "c1", WebSocketErrorCodes.InvalidCommand, BoardEntryLimitExceededException.OptionName);
    }

    [Fact]
    public async Task Command_GrainUnreachable_Unavailable()
    {
        var board = new FakeBoard { Failure = new SiloUnavailableException("the silo is stopping") };

        var reply = await HandleAsync(board, s_ingest, """{"op":"command","topic":"board:m1","command":{"add":{"a":1}},"id":"c1"}""");

        AssertError(reply, "c1", WebSocketErrorCodes.Unavailable, "retry");
    }

    [Fact]
    public async Task Invalid_ErrorWithTheParsersCode()
    {
        var reply = await HandleAsync(new FakeBoard(), s_ingest, """{"op":"nope","id":"z"}""");

        AssertError(reply, "z", WebSocketErrorCodes.BadRequest, "'nope' is not an op");
    }

    private static async Task<string?> HandleAsync(FakeBoard board, AccessGrant grant, string message)
    {
        var handler = new WebSocketRequestHandler(new FakeCluster(board), Options.Create(new ScoreboardGrainOptions()), NullLogger<WebSocketRequestHandler>.Instance);

        // Commands and invalid messages never touch the connection.
        var reply = await handler.HandleAsync(ClientMessageParser.Parse(Encoding.UTF8.GetBytes(message)), connection: null!, grant, CancellationToken.None);
        return reply is { } bytes ? Encoding.UTF8.GetString(bytes.Span) : null;
    }

    private static void AssertError(string? reply, string id, string code, string mentions)
    {
        Assert.NotNull(reply);
        using var document = JsonDocument.Parse(reply);
        var root = document.RootElement;
        Assert.Equal("error", root.GetProperty("op").GetString());
        Assert.Equal(id, root.GetProperty("id").GetString());
        Assert.Equal(code, root.GetProperty("code").GetString());
        Assert.Contains(mentions, root.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private sealed class FakeCluster(FakeBoard board) : IClusterClient
    {
        public TGrainInterface GetGrain<TGrainInterface>(string key)
            where TGrainInterface : IGrainWithStringKey
        {
            board.Key = key;
            return (TGrainInterface)(object)board;
        }
    }

    private sealed class FakeBoard : IScoreboardGrain
    {
        public List<BoardCommand> Applied { get; } = [];

        public Exception? Failure { get; init; }

        public string? Key { get; set; }

        public Task<TopicSnapshot<BoardSnapshot>> ApplyAsync(BoardCommand command, CancellationToken cancellationToken = default)
        {
            if (Failure is not null)
            {
                return Task.FromException<TopicSnapshot<BoardSnapshot>>(Failure);
            }

            Applied.Add(command);
            return Task.FromResult(new TopicSnapshot<BoardSnapshot>(Topic.Board(Key!), default, new BoardSnapshot(Key!, "", [])));
        }

        public Task<TopicSnapshot<BoardSnapshot>> GetSnapshotAsync(CancellationToken cancellationToken = default)
            => throw new NotSupportedException();
    }
}
