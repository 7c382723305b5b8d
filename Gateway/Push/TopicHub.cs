using System.Collections.Concurrent;
using LiveDash.Gateway.Diagnostics;
using LiveDash.Grains;
using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Push;

/// <summary>
/// The gateway's connection hub: one runtime stream subscription per topic however many
/// connections follow it, each event serialised once (<see cref="PushEvent"/>) and offered to every
/// connection's queue. Singleton; transports open connections with <see cref="Connect"/>.
/// </summary>
public sealed class TopicHub : IAsyncDisposable
{
    private readonly ITopicSource<MetricSnapshot, MetricDelta> _metrics;
    private readonly ITopicSource<BoardSnapshot, BoardDelta> _boards;
    private readonly PushOptions _options;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _gatewayMetrics;
    private readonly ILogger<TopicHub> _logger;
    private readonly ConcurrentDictionary<Topic, ITopicChannel> _channels = new();
    private readonly ConcurrentDictionary<PushConnection, byte> _connections = new();
    private volatile bool _shuttingDown;

    /// <summary>Creates the hub over the cluster's grains and streams.</summary>
    public TopicHub(IGrainFactory grains, IStreamProvider streams, IOptions<PushOptions> options, TimeProvider time, GatewayMetrics metrics, ILogger<TopicHub> logger)
        : this(new MetricTopicSource(grains, streams), new BoardTopicSource(grains, streams), options.Value, time, metrics, logger)
    {
    }

    internal TopicHub(
        ITopicSource<MetricSnapshot, MetricDelta> metrics,
        ITopicSource<BoardSnapshot, BoardDelta> boards,
        PushOptions options,
        TimeProvider time,
        GatewayMetrics gatewayMetrics,
        ILogger<TopicHub> logger)
    {
        _metrics = metrics;
        _boards = boards;
        _options = options;
        _time = time;
        _gatewayMetrics = gatewayMetrics;
        _logger = logger;
    }

    /// <summary>Topics followed now (a runtime subscription each).</summary>
    public int TopicCount => _channels.Count;

    /// <summary>Open connections.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>The open connections now (tests and diagnostics: queue depths, close reasons).</summary>
    internal IReadOnlyList<PushConnection> OpenConnections => [.. _connections.Keys];

    /// <summary>Opens a connection for a transport; the caller subscribes it and disposes it when the client goes.</summary>
    /// <param name="transport"><c>sse</c>, <c>websocket</c> or <c>longpoll</c>.</param>
    /// <returns>The connection; already closed with <see cref="DisconnectCode.Shutdown"/> when the gateway is stopping.</returns>
    public PushConnection Connect(string transport)
    {
        var connection = new PushConnection(this, transport, _options, _time, _gatewayMetrics);
        _connections.TryAdd(connection, 0);
        if (_shuttingDown)
        {
            connection.Close(DisconnectCode.Shutdown);
        }

        return connection;
    }

    /// <summary>Closes every open connection with <paramref name="code"/>; their transports tell the clients.</summary>
    /// <param name="code">Why.</param>
    public void CloseAll(DisconnectCode code)
    {
        if (code == DisconnectCode.Shutdown)
        {
            _shuttingDown = true;
        }

        PushLog.ClosingForShutdown(_logger, _connections.Count);
        foreach (var connection in _connections.Keys)
        {
            connection.Close(code);
        }
    }

    /// <summary>Graceful shutdown: closes every connection with <see cref="DisconnectCode.Shutdown"/>, then ends the topic subscriptions.</summary>
    /// <returns>A task that completes when every subscription ended.</returns>
    public async ValueTask DisposeAsync()
    {
        CloseAll(DisconnectCode.Shutdown);
        await Task.WhenAll(_channels.Values.Select(c => c.RetireAsync())).ConfigureAwait(false);
    }

    /// <summary>The started channel of <paramref name="topic"/>, created on first use.</summary>
    internal async Task<(SubscribeStatus Status, ITopicChannel? Channel)> AcquireAsync(Topic topic, CancellationToken cancellationToken)
    {
        var channel = _channels.GetOrAdd(topic, CreateChannel);
        var status = await channel.StartAsync(cancellationToken).ConfigureAwait(false);
        return status == SubscribeStatus.Subscribed ? (status, channel) : (status, null);
    }

    internal void Forget(PushConnection connection) => _connections.TryRemove(connection, out _);

    private ITopicChannel CreateChannel(Topic topic) => topic.Kind switch
    {
        TopicKind.Metric => new TopicChannel<MetricSnapshot, MetricDelta>(topic, _metrics, MetricTopicCodec.Instance, _options, _time, _logger, OnRetired),
        TopicKind.Board => new TopicChannel<BoardSnapshot, BoardDelta>(topic, _boards, BoardTopicCodec.Instance, _options, _time, _logger, OnRetired),
        _ => throw new ArgumentException("The topic is empty (default).", nameof(topic)),
    };

    private void OnRetired(ITopicChannel channel) => _channels.TryRemove(KeyValuePair.Create(channel.Topic, channel));
}
