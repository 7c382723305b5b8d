using System.Text.Json;
using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Push;
using LiveDash.Grains;
using LiveDash.Runtime.Streaming;
using LiveDash.TestingHost;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Push;

public sealed class TopicHubTests : IAsyncDisposable
{
    private static readonly Topic s_board = Topic.Board("b");

    private readonly FakeBoardSource _source = new();
    private readonly ManualTimeProvider _time = new();
    private readonly GatewayMetrics _metrics = new();
    private readonly PushOptions _options = new() { ReplayBufferCount = 100, TopicIdleTimeout = TimeSpan.FromSeconds(30) };
    private TopicHub? _hub;

    private TopicHub Hub => _hub ??= new TopicHub(null!, _source, _options, _time, _metrics, NullLogger<TopicHub>.Instance);

    [Fact]
    public async Task Subscribe_FreshConnection_GetsSnapshotThenUpdatesInOrder()
    {
        await _source.PublishAsync(1);
        await using var connection = await SubscribedAsync();

        await _source.PublishAsync(2);
        await _source.PublishAsync(3);

        var events = Drain(connection);
        Assert.Equal([PushEventType.Snapshot, PushEventType.Update, PushEventType.Update], events.Select(e => e.Type));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Position.Sequence));
        AssertSameBoard(_source.State, Replay(events));
        Assert.Equal(events[^1].TopicCursor, connection.Cursor);
    }

    [Fact]
    public async Task Subscribe_TwoConnectionsOnOneTopic_ShareOneStreamSubscriptionAndTheSameEventBytes()
    {
        await _source.PublishAsync(1);
        await using var first = await SubscribedAsync();
        await using var second = await SubscribedAsync();

        await _source.PublishAsync(2);

        Assert.Equal(1, _source.ChannelSubscriptions);
        var a = Drain(first);
        var b = Drain(second);
        Assert.Same(a[^1], b[^1]);
        Assert.Same(a[0], b[0]);
    }

    [Fact]
    public async Task Subscribe_CursorWithinTheRing_ReplaysExactlyTheMissedUpdates()
    {
        await _source.PublishAsync(1);
        string cursor;
        await using (var first = await SubscribedAsync())
        {
            await _source.PublishAsync(2);
            Drain(first);
            cursor = first.Cursor;
        }

        await _source.PublishAsync(3);
        await _source.PublishAsync(4);
        await using var resumed = await SubscribedAsync(cursor);

        var events = Drain(resumed);
        Assert.Equal([3L, 4L], events.Select(e => e.Position.Sequence));
        Assert.All(events, e => Assert.Equal(PushEventType.Update, e.Type));
    }

    [Fact]
    public async Task Subscribe_CursorOlderThanTheRing_FetchesTheGapFromTheStream()
    {
        _options.ReplayBufferCount = 2;
        await _source.PublishAsync(1);
        await using var watcher = await SubscribedAsync();
        var old = PushCursor.Segment(s_board, _source.Position);
        for (var score = 2; score <= 6; score++)
        {
            await _source.PublishAsync(score);
        }

        await using var resumed = await SubscribedAsync(old);

        var events = Drain(resumed);
        Assert.Equal([2L, 3L, 4L, 5L, 6L], events.Select(e => e.Position.Sequence));
        Assert.Equal(0, _source.ActiveObservers - 1);
    }

    [Fact]
    public async Task Subscribe_CursorOlderThanTheStreamKeeps_GetsAnUnrecoveredSnapshot()
    {
        _options.ReplayBufferCount = 2;
        _source.HistoryLimit = 2;
        await _source.PublishAsync(1);
        await using var watcher = await SubscribedAsync();
        var old = PushCursor.Segment(s_board, _source.Position);
        for (var score = 2; score <= 6; score++)
        {
            await _source.PublishAsync(score);
        }

        await using var resumed = await SubscribedAsync(old);

        var events = Drain(resumed);
        var snapshot = Assert.Single(events);
        Assert.Equal(PushEventType.Snapshot, snapshot.Type);
        Assert.False(snapshot.Recovered);
        Assert.Contains("\"recovered\":false", System.Text.Encoding.UTF8.GetString(snapshot.Json.Span), StringComparison.Ordinal);
        Assert.Equal(6L, snapshot.Position.Sequence);
    }

    [Fact]
    public async Task Subscribe_CursorOfAnotherEpoch_GetsResetThenUnrecoveredSnapshot()
    {
        await _source.PublishAsync(1);
        var old = PushCursor.Segment(s_board, new StreamSequenceToken(_source.Epoch - 1, 7));

        await using var resumed = await SubscribedAsync(old);

        var events = Drain(resumed);
        Assert.Equal([PushEventType.Reset, PushEventType.Snapshot], events.Select(e => e.Type));
        Assert.False(events[1].Recovered);
    }

    [Fact]
    public async Task StreamEpochChange_Members_GetResetAndUnrecoveredSnapshotThenNewUpdates()
    {
        await _source.PublishAsync(1);
        await using var connection = await SubscribedAsync();
        Drain(connection);

        await _source.PublishAsync(5);
        await _source.NewEpochAsync();
        await _source.PublishAsync(9);

        var events = Drain(connection);
        Assert.Equal([PushEventType.Update, PushEventType.Reset, PushEventType.Snapshot, PushEventType.Update], events.Select(e => e.Type));
        Assert.Equal(_source.Epoch, events[^1].Position.Epoch);
        Assert.Equal(1L, events[^1].Position.Sequence);
        AssertSameBoard(_source.State, Replay([.. events.Skip(2)]));
    }

    [Fact]
    public async Task SlowReader_PastTheCoalesceThreshold_UpdatesCollapseIntoOneSnapshotOfTheNewestState()
    {
        _options.CoalesceAfterQueuedBytes = 1;
        await _source.PublishAsync(1);
        await using var connection = await SubscribedAsync();
        for (var score = 2; score <= 20; score++)
        {
            await _source.PublishAsync(score);
        }

        Assert.Equal(2, connection.QueuedCount);
        var events = Drain(connection);
        Assert.Equal([PushEventType.Snapshot, PushEventType.Snapshot], events.Select(e => e.Type));
        Assert.Equal(20L, events[^1].Position.Sequence);
        Assert.True(events[^1].Recovered);
        Assert.Equal(19, _metrics.Snapshot().EventsCoalesced);

        await _source.PublishAsync(21);
        var next = Assert.Single(Drain(connection));
        Assert.Equal((PushEventType.Update, 21L), (next.Type, next.Position.Sequence));
    }

    [Fact]
    public async Task SlowReader_QueueStillForMaxLag_IsClosedAsSlowConsumer()
    {
        _options.MaxLag = TimeSpan.FromSeconds(5);
        await _source.PublishAsync(1);
        await using var connection = await SubscribedAsync();
        await _source.PublishAsync(2);

        _time.Advance(TimeSpan.FromSeconds(6));
        await _source.PublishAsync(3);

        Assert.Equal(DisconnectCode.SlowConsumer, connection.ClosedBy);
        Assert.True(connection.Closed.IsCancellationRequested);
        Assert.False(await connection.WaitToReadAsync(CancellationToken.None));
        var totals = _metrics.Snapshot();
        Assert.Equal(1, totals.Disconnects["slow_consumer"]);
        Assert.Equal(2, totals.EventsDropped);
    }

    [Fact]
    public async Task SlowReader_TakingEvents_IsNotClosed()
    {
        _options.MaxLag = TimeSpan.FromSeconds(5);
        await _source.PublishAsync(1);
        await using var connection = await SubscribedAsync();
        for (var score = 2; score <= 5; score++)
        {
            _time.Advance(TimeSpan.FromSeconds(4));
            Drain(connection);
            await _source.PublishAsync(score);
        }

        Assert.Null(connection.ClosedBy);
    }

    [Fact]
    public async Task Subscribe_TopicNeverWritten_IsUnknownAndLeavesNoSubscription()
    {
        _source.Empty = true;
        await using var connection = Hub.Connect("sse");

        var result = await connection.SubscribeAsync([s_board], cursor: null, CancellationToken.None);

        Assert.Equal(SubscribeStatus.UnknownTopic, result.Status);
        Assert.Equal(0, _source.ActiveObservers);
        Assert.Equal(0, Hub.TopicCount);
    }

    [Fact]
    public async Task Subscribe_MoreTopicsThanAllowed_IsRefusedWithTheOptionNamed()
    {
        _options.MaxTopicsPerConnection = 1;
        await using var connection = Hub.Connect("sse");

        var result = await connection.SubscribeAsync([s_board, Topic.Board("c")], cursor: null, CancellationToken.None);

        Assert.Equal(SubscribeStatus.TooManyTopics, result.Status);
        Assert.Contains("MaxTopicsPerConnection", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LastConnectionLeaves_AfterTheIdleTimeout_TheStreamSubscriptionEnds()
    {
        await _source.PublishAsync(1);
        var connection = await SubscribedAsync();
        await connection.DisposeAsync();
        Assert.Equal(1, _source.ActiveObservers);

        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(0, _source.ActiveObservers);
        Assert.Equal(0, Hub.TopicCount);
        await using var again = await SubscribedAsync();
        Assert.Equal(2, _source.ChannelSubscriptions);
    }

    [Fact]
    public async Task ItemsBetweenSubscribeAndSnapshot_AreAppliedAfterTheSnapshot()
    {
        await _source.PublishAsync(1);
        var stale = await _source.GetSnapshotAsync(s_board, CancellationToken.None);
        _source.AfterSubscribe = async () =>
        {
            await _source.PublishAsync(2);
            await _source.PublishAsync(3);
        };
        var staleSource = new StaleSnapshotSource(_source, stale);
        _hub = new TopicHub(null!, staleSource, _options, _time, _metrics, NullLogger<TopicHub>.Instance);

        await using var connection = await SubscribedAsync();

        var snapshot = Assert.Single(Drain(connection));
        Assert.Equal(3L, snapshot.Position.Sequence);
        AssertSameBoard(_source.State, Deserialize(snapshot));
    }

    [Fact]
    public async Task Shutdown_ClosesEveryConnectionWithShutdown()
    {
        await _source.PublishAsync(1);
        await using var connection = await SubscribedAsync();

        Hub.CloseAll(DisconnectCode.Shutdown);

        Assert.Equal(DisconnectCode.Shutdown, connection.ClosedBy);
        await using var late = Hub.Connect("sse");
        Assert.Equal(DisconnectCode.Shutdown, late.ClosedBy);
    }

    [Fact]
    public async Task Unsubscribe_DropsQueuedEventsOfThatTopic()
    {
        await _source.PublishAsync(1);
        await using var connection = await SubscribedAsync();
        await _source.PublishAsync(2);

        connection.Unsubscribe([s_board]);

        Assert.Empty(Drain(connection));
        Assert.Empty(connection.Topics);
    }

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        _metrics.Dispose();
    }

    private static void AssertSameBoard(BoardSnapshot expected, BoardSnapshot actual)
        => Assert.Equal(
            JsonSerializer.Serialize(expected, GrainsJsonContext.Default.BoardSnapshot),
            JsonSerializer.Serialize(actual, GrainsJsonContext.Default.BoardSnapshot));

    private static List<PushEvent> Drain(PushConnection connection)
    {
        var events = new List<PushEvent>();
        while (connection.TryRead(out var pushEvent))
        {
            events.Add(pushEvent);
        }

        return events;
    }

    private static BoardSnapshot Deserialize(PushEvent snapshot)
    {
        using var document = JsonDocument.Parse(snapshot.Json);
        return document.RootElement.GetProperty("data").Deserialize(GrainsJsonContext.Default.BoardSnapshot)!;
    }

    private static BoardSnapshot Replay(List<PushEvent> events)
    {
        var state = Deserialize(events[0]);
        foreach (var update in events.Skip(1))
        {
            using var document = JsonDocument.Parse(update.Json);
            state = state.Apply(document.RootElement.GetProperty("data").Deserialize(GrainsJsonContext.Default.BoardDelta)!);
        }

        return state;
    }

    private async Task<PushConnection> SubscribedAsync(string? cursor = null)
    {
        var connection = Hub.Connect("sse");
        _ = PushCursor.TryParse(cursor, out var parsed);
        var result = await connection.SubscribeAsync([s_board], parsed, CancellationToken.None);
        Assert.True(result.Succeeded, result.Detail);
        return connection;
    }

    /// <summary>The fake source, but its snapshot is one taken earlier: items published since must be applied on top.</summary>
    private sealed class StaleSnapshotSource(FakeBoardSource inner, TopicSnapshot<BoardSnapshot> stale) : ITopicSource<BoardSnapshot, BoardDelta>
    {
        public Task<TopicSnapshot<BoardSnapshot>> GetSnapshotAsync(Topic topic, CancellationToken cancellationToken) => Task.FromResult(stale);

        public Task<StreamSubscriptionHandle> SubscribeAsync(Topic topic, IStreamObserver<BoardDelta> observer, StreamSequenceToken? from, CancellationToken cancellationToken)
            => inner.SubscribeAsync(topic, observer, from, cancellationToken);
    }
}
