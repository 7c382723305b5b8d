using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using LiveDash.Gateway.Auth;
using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Push;
using LiveDash.Gateway.Transports.WebSockets;
using LiveDash.Grains;
using LiveDash.IntegrationTests.Runtime.Persistence;
using LiveDash.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.WebSockets;

/// <summary>
/// <see cref="WebSocketSession"/> on a loopback socket pair with small kernel buffers and a hub fed by
/// <see cref="FakeBoardSource"/> (no silo): reply priority over an event backlog, and every way a session closes.
/// </summary>
public sealed class WebSocketSessionTests
{
    private static readonly Topic s_board = Topic.Board("session");

    [Fact]
    public async Task PingBehindALongBacklog_PongOvertakesIt_AndTheEventsKeepTheirOrder()
    {
        const int backlog = 2000;
        await using var harness = await Harness.StartAsync();
        await harness.SubscribeAsync(s_board);
        for (var seq = 1; seq <= backlog; seq++)
        {
            await harness.Boards.PublishAsync(s_board, seq);
        }

        harness.Run();
        await harness.SendAsync("""{"op":"ping"}""");
        var messages = new List<JsonElement>();
        while (messages.Count == 0 || !IsUpdate(messages[^1], backlog))
        {
            messages.Add(await harness.ReceiveAsync("the backlog's last event"));
        }

        var pongAt = messages.FindIndex(m => m.GetProperty("op").GetString() == "pong");
        Assert.InRange(pongAt, 0, messages.Count - 2);
        var seqs = messages.Where(m => m.GetProperty("op").GetString() == "event").Select(m => m.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(0, backlog + 1).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task PingWhileACommandWaitsForItsGrain_PongAtOnce_AckWhenTheGrainAnswers()
    {
        var board = new HeldBoard();
        await using var harness = await Harness.StartAsync(cluster: new OneBoardCluster(board));
        harness.Run();

        await harness.SendAsync("""{"op":"command","topic":"board:held","command":{"add":{"a":1}},"id":"c1"}""");
        await board.Called.WithTimeout("the command to reach the grain");
        await harness.SendAsync("""{"op":"ping","id":"p1"}""");
        var pong = await harness.ReceiveAsync("the pong while the command waits");
        board.Answer.SetResult();
        var ack = await harness.ReceiveAsync("the command's ack");

        Assert.Equal("""{"op":"pong","id":"p1"}""", pong.GetRawText());
        Assert.Equal("""{"op":"ack","id":"c1"}""", ack.GetRawText());
    }

    [Fact]
    public async Task HubClosesForASlowConsumer_Close4002SlowConsumer()
    {
        await using var harness = await Harness.StartAsync();
        harness.Run();

        harness.Connection.Close(DisconnectCode.SlowConsumer);
        var close = await harness.ReceiveCloseAsync("the close frame");

        Assert.Equal(4002, (int?)close.CloseStatus);
        Assert.Equal("slow_consumer", close.CloseStatusDescription);
        await harness.Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await harness.Running.WithTimeout("the session to end after the closing handshake");
        Assert.Equal(WebSocketState.Closed, harness.Server.State);
    }

    [Fact]
    public async Task CredentialsExpire_Close4001Reauthenticate()
    {
        await using var harness = await Harness.StartAsync();
        using var expiry = new CancellationTokenSource();
        harness.Run(expiry.Token);

        await expiry.CancelAsync();
        var close = await harness.ReceiveCloseAsync("the close frame");

        Assert.Equal(4001, (int?)close.CloseStatus);
        Assert.Equal("reauthenticate", close.CloseStatusDescription);
        Assert.Equal(DisconnectCode.Reauthenticate, harness.Connection.ClosedBy);
    }

    [Fact]
    public async Task ClientCloses_HandshakeCompleted_SessionEnds()
    {
        await using var harness = await Harness.StartAsync();
        harness.Run();

        using var timeout = new CancellationTokenSource(TaskTimeoutExtensions.Timeout);
        await harness.Client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        await harness.Running.WithTimeout("the session to end after the client's close");

        Assert.Equal(WebSocketState.Closed, harness.Client.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, harness.Client.CloseStatus);
        Assert.Null(harness.Connection.ClosedBy);
    }

    [Fact]
    public async Task ClientNeverAnswersTheClose_AbortedAfterTheCloseTimeout()
    {
        await using var harness = await Harness.StartAsync(closeTimeout: TimeSpan.FromMilliseconds(200));
        harness.Run();

        harness.Connection.Close(DisconnectCode.Shutdown);
        await harness.Running.WithTimeout("the session to give up on the client's close frame");

        Assert.Equal(WebSocketState.Aborted, harness.Server.State);
    }

    private static bool IsUpdate(JsonElement message, long seq)
        => message.GetProperty("op").GetString() == "event" && message.GetProperty("seq").GetInt64() == seq;

    /// <summary>A session over a loopback socket pair; the client side is driven by the test.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        // Small buffers (autotuning off): a backlog of events does not fit in the kernel.
        private const int SocketBufferBytes = 8 * 1024;

        private readonly TcpClient _serverTcp;
        private readonly TcpClient _clientTcp;
        private readonly WebSocketSession _session;
        private readonly GatewayMetrics _metrics = new();
        private Task? _running;

        private Harness(TcpClient serverTcp, TcpClient clientTcp, TimeSpan closeTimeout, IClusterClient? cluster)
        {
            _serverTcp = serverTcp;
            _clientTcp = clientTcp;
            Server = WebSocket.CreateFromStream(serverTcp.GetStream(), new WebSocketCreationOptions { IsServer = true });
            Client = WebSocket.CreateFromStream(clientTcp.GetStream(), new WebSocketCreationOptions { IsServer = false });
            var push = new PushOptions { CoalesceAfterQueuedBytes = 64 * 1024 * 1024 };
            Hub = new TopicHub(new UnusedMetricSource(), Boards, push, TimeProvider.System, _metrics, NullLogger<TopicHub>.Instance);
            Connection = Hub.Connect(WebSocketEndpoints.TransportName);
            var handler = new WebSocketRequestHandler(cluster ?? new OneBoardCluster(null), Options.Create(new ScoreboardGrainOptions()), NullLogger<WebSocketRequestHandler>.Instance);
            _session = new WebSocketSession(
                Server,
                Connection,
                new AccessGrant(AccessScope.View | AccessScope.Ingest, "test", null),
                handler,
                new WebSocketTransportOptions { CloseTimeout = closeTimeout },
                _metrics,
                TimeProvider.System,
                NullLogger.Instance);
        }

        public FakeBoardSource Boards { get; } = new();

        public TopicHub Hub { get; }

        public PushConnection Connection { get; }

        public WebSocket Server { get; }

        public WebSocket Client { get; }

        public Task Running => _running ?? throw new InvalidOperationException("Not running.");

        public static async Task<Harness> StartAsync(TimeSpan? closeTimeout = null, IClusterClient? cluster = null)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var client = new TcpClient { SendBufferSize = SocketBufferBytes, ReceiveBufferSize = SocketBufferBytes };
            var accepting = listener.AcceptTcpClientAsync();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            var server = await accepting;
            server.SendBufferSize = SocketBufferBytes;
            server.ReceiveBufferSize = SocketBufferBytes;
            return new Harness(server, client, closeTimeout ?? TimeSpan.FromSeconds(5), cluster);
        }

        public async Task SubscribeAsync(Topic topic)
            => Assert.True((await Connection.SubscribeAsync([topic], null, CancellationToken.None)).Succeeded);

        public void Run(CancellationToken credentialsExpired = default) => _running = _session.RunAsync(credentialsExpired);

        public async Task SendAsync(string json)
        {
            using var timeout = new CancellationTokenSource(TaskTimeoutExtensions.Timeout);
            await Client.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        }

        public async Task<JsonElement> ReceiveAsync(string expected)
        {
            var (result, bytes) = await ReceiveMessageAsync(expected);
            Assert.True(result.MessageType == WebSocketMessageType.Text, $"expected {expected}, got {result.MessageType} {result.CloseStatus}");
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }

        public async Task<WebSocketReceiveResult> ReceiveCloseAsync(string expected)
        {
            while (true)
            {
                var (result, _) = await ReceiveMessageAsync(expected);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return result;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            Client.Abort();
            Server.Abort();
            if (_running is not null)
            {
                await _running.WithTimeout("the session to end");
            }

            await Connection.DisposeAsync();
            await Hub.DisposeAsync();
            _session.Dispose();
            Client.Dispose();
            Server.Dispose();
            _clientTcp.Dispose();
            _serverTcp.Dispose();
            _metrics.Dispose();
        }

        private async Task<(WebSocketReceiveResult Result, byte[] Bytes)> ReceiveMessageAsync(string expected)
        {
            using var timeout = new CancellationTokenSource(TaskTimeoutExtensions.Timeout);
            using var message = new MemoryStream();
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    var result = await Client.ReceiveAsync(buffer, timeout.Token);
                    message.Write(buffer, 0, result.Count);
                    if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
                    {
                        return (result, message.ToArray());
                    }
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting for {expected}.");
            }
        }
    }

    private sealed class UnusedMetricSource : ITopicSource<MetricSnapshot, MetricDelta>
    {
        public Task<TopicSnapshot<MetricSnapshot>> GetSnapshotAsync(Topic topic, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<LiveDash.Runtime.Streaming.StreamSubscriptionHandle> SubscribeAsync(Topic topic, LiveDash.Runtime.Streaming.IStreamObserver<MetricDelta> observer, LiveDash.Runtime.Streaming.StreamSequenceToken? from, CancellationToken cancellationToken)
            => throw new NotSupportedException();
    }

    private sealed class OneBoardCluster(IScoreboardGrain? board) : IClusterClient
    {
        public TGrainInterface GetGrain<TGrainInterface>(string key)
            where TGrainInterface : IGrainWithStringKey
            => board is TGrainInterface grain ? grain : throw new NotSupportedException("This session sends no commands.");
    }

    /// <summary>A board whose commands wait until the test lets them through.</summary>
    private sealed class HeldBoard : IScoreboardGrain
    {
        private readonly TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Called => _called.Task;

        public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<TopicSnapshot<BoardSnapshot>> ApplyAsync(BoardCommand command, CancellationToken cancellationToken = default)
        {
            _called.TrySetResult();
            await Answer.Task.WaitAsync(cancellationToken);
            return new TopicSnapshot<BoardSnapshot>(Topic.Board("held"), default, new BoardSnapshot("held", "", []));
        }

        public Task<TopicSnapshot<BoardSnapshot>> GetSnapshotAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
