using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Push;
using LiveDash.Grains;
using LiveDash.Runtime.Streaming;
using LiveDash.TestingHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveDash.UnitTests.Gateway.Push;

/// <summary>
/// A <see cref="TopicHub"/> over fake sources and a manual clock: one-entry boards whose score the test sets,
/// each change published as the next stream item.
/// </summary>
internal sealed class PushTestHub : IAsyncDisposable
{
    public const long Epoch = 1_000;

    private readonly Dictionary<Topic, long> _sequences = [];

    public PushTestHub(PushOptions? options = null)
    {
        Hub = new TopicHub(new FakeTopicSource<MetricSnapshot, MetricDelta>(), Boards, options ?? new PushOptions(), Time, Metrics, NullLogger<TopicHub>.Instance);
    }

    public ManualTimeProvider Time { get; } = new();

    public GatewayMetrics Metrics { get; } = new();

    public FakeTopicSource<BoardSnapshot, BoardDelta> Boards { get; } = new();

    public TopicHub Hub { get; }

    /// <summary>Creates board <paramref name="id"/> with entry <c>a</c> at score 0, at position 0.</summary>
    public Topic AddBoard(string id)
    {
        var topic = Topic.Board(id);
        _sequences[topic] = 0;
        Boards.SetSnapshot(new TopicSnapshot<BoardSnapshot>(topic, new StreamSequenceToken(Epoch, 0), new BoardSnapshot(id, string.Empty, [new BoardEntry("a", 0, 1)])));
        return topic;
    }

    /// <summary>Publishes the board's next item: entry <c>a</c> at <paramref name="score"/>.</summary>
    public Task SetScoreAsync(Topic board, long score)
    {
        var position = new StreamSequenceToken(Epoch, ++_sequences[board]);
        return Boards.PublishAsync(board, new BoardDelta(board.Name, null, [new BoardEntryChange("a", score, 1, 0)]), position);
    }

    /// <summary>A connection subscribed to <paramref name="topics"/>, its snapshots queued.</summary>
    public async Task<PushConnection> ConnectAsync(string transport, params Topic[] topics)
    {
        var connection = Hub.Connect(transport);
        var result = await connection.SubscribeAsync(topics, cursor: null, CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Subscribing failed: {result.Status} {result.Detail}");
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        Metrics.Dispose();
    }
}
