using System.Text.Json;
using LiveDash.Grains;
using LiveDash.Grains.Hosting;
using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;
using LiveDash.TestingHost;
using Xunit;
using Xunit.Abstractions;

namespace LiveDash.IntegrationTests.Streaming;

/// <summary>
/// The product grains' topic streams on a 3-silo cluster with two subscribing clients: coalescing,
/// and snapshot + deltas = the grain's state.
/// </summary>
public sealed class TopicStreamClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestCluster? _cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task ThousandWritesInsideOneInterval_AtMostTwoItems_CarryingEveryChange()
    {
        // An interval far longer than the burst takes, so every write falls inside the first one.
        var (first, second) = await StartAsync(publishInterval: "00:01:00");
        var topic = Topic.Metric("burst");
        var observers = new[] { new RecordingObserver<MetricDelta>(), new RecordingObserver<MetricDelta>() };
        await first.Streams.GetStream<MetricDelta>(TopicStreams.For(topic)).SubscribeAsync(observers[0]);
        await second.Streams.GetStream<MetricDelta>(TopicStreams.For(topic)).SubscribeAsync(observers[1]);
        var grain = first.Client.GetGrain<IMetricGrain>(topic.Name);
        var start = await grain.GetSnapshotAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i =>
            (i % 2 == 0 ? first : second).Client.GetGrain<IMetricGrain>(topic.Name)
                .RecordAsync(new MetricBatch(null, [new MetricSample(i, now - (i % 7 * 1000), new Dictionary<string, string> { ["host"] = $"h{i % 10}" })]))));
        var end = await grain.GetSnapshotAsync();

        foreach (var observer in observers)
        {
            await observer.WaitUntilAsync(o => o.Items.Any(i => i.Token == end.Position), $"the item at {end.Position}");
            var items = observer.Items.Where(i => i.Token.Epoch == start.Position.Epoch && i.Token.Sequence > start.Position.Sequence).ToList();
            Assert.InRange(items.Count, 1, 2);
            var applied = items.Aggregate(start.Data, (state, item) => state.Apply(item.Item));
            Assert.Equal(Json(end.Data), Json(applied));
            Assert.Equal(1000, applied.Series.Sum(s => s.Count));
        }
    }

    [Fact]
    public async Task RandomisedRun_SnapshotPlusDeltas_ReproducesTheFinalSnapshot()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var (first, second) = await StartAsync(publishInterval: "00:00:00.050");
        var clients = new[] { first, second };
        Topic[] metrics = [Topic.Metric("rand.a"), Topic.Metric("rand.b"), Topic.Metric("rand.c")];
        Topic[] boards = [Topic.Board("rand-1"), Topic.Board("rand-2")];

        var metricObservers = clients.Select(c => metrics.Select(_ => new RecordingObserver<MetricDelta>()).ToArray()).ToArray();
        var boardObservers = clients.Select(c => boards.Select(_ => new RecordingObserver<BoardDelta>()).ToArray()).ToArray();
        for (var c = 0; c < clients.Length; c++)
        {
            for (var t = 0; t < metrics.Length; t++)
            {
                await clients[c].Streams.GetStream<MetricDelta>(TopicStreams.For(metrics[t])).SubscribeAsync(metricObservers[c][t]);
            }

            for (var t = 0; t < boards.Length; t++)
            {
                await clients[c].Streams.GetStream<BoardDelta>(TopicStreams.For(boards[t])).SubscribeAsync(boardObservers[c][t]);
            }
        }

        var metricStarts = await Task.WhenAll(metrics.Select(m => first.Client.GetGrain<IMetricGrain>(m.Name).GetSnapshotAsync()));
        var boardStarts = await Task.WhenAll(boards.Select(b => first.Client.GetGrain<IScoreboardGrain>(b.Name).GetSnapshotAsync()));

        // Two writers (one per client) for about two seconds of random metric batches and board commands.
        var until = DateTime.UtcNow.AddSeconds(2);
        var writers = clients.Select((client, w) =>
        {
            var local = new Random(random.Next());
            return Task.Run(async () =>
            {
                var writes = 0;
                while (DateTime.UtcNow < until)
                {
                    if (local.Next(4) == 0)
                    {
                        var board = boards[local.Next(boards.Length)];
                        var entries = Enumerable.Range(0, local.Next(1, 4)).Select(_ => $"team-{local.Next(8)}").Distinct().ToDictionary(e => e, _ => (long)local.Next(-3, 6));
                        var command = local.Next(3) == 0
                            ? new BoardCommand(Title: $"Round {local.Next(100)}", Set: entries)
                            : new BoardCommand(Add: entries);
                        await client.Client.GetGrain<IScoreboardGrain>(board.Name).ApplyAsync(command);
                    }
                    else
                    {
                        var metric = metrics[local.Next(metrics.Length)];
                        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                        var samples = Enumerable.Range(0, local.Next(1, 20))
                            .Select(_ => new MetricSample(Math.Round(local.NextDouble() * 100, 3), now - local.Next(0, 20_000), new Dictionary<string, string> { ["host"] = $"h{local.Next(5)}" }))
                            .ToArray();
                        await client.Client.GetGrain<IMetricGrain>(metric.Name).RecordAsync(new MetricBatch(null, samples));
                    }

                    writes++;
                    if (local.Next(10) == 0)
                    {
                        // Now and then a pause longer than the publish interval, so both coalesced and leading-edge items occur.
                        await Task.Delay(local.Next(20, 120));
                    }
                }

                return writes;
            });
        }).ToArray();
        output.WriteLine($"writes: {string.Join(", ", await Task.WhenAll(writers))}");

        var metricEnds = await Task.WhenAll(metrics.Select(m => first.Client.GetGrain<IMetricGrain>(m.Name).GetSnapshotAsync()));
        var boardEnds = await Task.WhenAll(boards.Select(b => first.Client.GetGrain<IScoreboardGrain>(b.Name).GetSnapshotAsync()));
        for (var c = 0; c < clients.Length; c++)
        {
            for (var t = 0; t < metrics.Length; t++)
            {
                var applied = await ApplyUpToAsync(metricObservers[c][t], metricStarts[t], metricEnds[t].Position, (state, delta) => state.Apply(delta));
                Assert.Equal(Json(metricEnds[t].Data), Json(applied));
            }

            for (var t = 0; t < boards.Length; t++)
            {
                var applied = await ApplyUpToAsync(boardObservers[c][t], boardStarts[t], boardEnds[t].Position, (state, delta) => state.Apply(delta));
                Assert.Equal(Json(boardEnds[t].Data), Json(applied));
            }
        }
    }

    private static async Task<TData> ApplyUpToAsync<TData, TDelta>(RecordingObserver<TDelta> observer, TopicSnapshot<TData> start, StreamSequenceToken end, Func<TData, TDelta, TData> apply)
    {
        await observer.WaitUntilAsync(o => o.Items.Any(i => i.Token == end) || start.Position == end, $"the item at {end}");
        Assert.Empty(observer.Resets);
        Assert.Equal(start.Position.Epoch, end.Epoch);
        return observer.Items
            .Where(i => i.Token.Sequence > start.Position.Sequence && i.Token.Sequence <= end.Sequence)
            .Aggregate(start.Data, (state, item) => apply(state, item.Item));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, GrainsJsonContext.Default.Options);

    private async Task<(ClientHandle First, ClientHandle Second)> StartAsync(string publishInterval)
    {
        _cluster = await new TestClusterBuilder { InitialSilosCount = 3 }
            .UseSharedMemoryStorage()
            .Configure("LiveDash:Runtime:Streams:PublishInterval", publishInterval)
            .ConfigureSilo(silo => silo.AddLiveDashGrains())
            .ConfigureClient(client => client.AddLiveDashGrains())
            .BuildAndStartAsync();
        var second = await _cluster.StartAdditionalClientAsync();
        await _cluster.WaitForLivenessToStabilizeAsync();
        return (_cluster.PrimaryClient, second);
    }
}
