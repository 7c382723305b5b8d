using System.Globalization;
using LiveDash.Bench.Framework;
using LiveDash.Bench.Measuring;
using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;
using LiveDash.TestingHost;

namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>
/// One measurement of the <c>streams</c> scenario on a fresh stream: every subscriber node adds one
/// <see cref="StreamBenchObserver"/>, then N closed-loop workers inside the producer's silo each publish
/// an item through the producer grain and wait until every subscriber has handled it (N = items in
/// flight end to end). Afterwards the stream's position and each node's <see cref="StreamStatistics"/>
/// must agree with what the observers saw: every item, once, in order.
/// </summary>
internal static class StreamBenchRun
{
    // Past the timed phase a closed loop ends within milliseconds; a worker still waiting this long
    // after it waits for an item that is not coming (a lease renewal, every 5 s, would have repaired a
    // plain loss by then).
    private static readonly TimeSpan s_stallTimeout = TimeSpan.FromSeconds(15);

    public static async Task<StreamMeasurement> MeasureAsync(BenchContext context, TestCluster cluster, IReadOnlyList<ClientHandle> subscribers, StreamProducerKind producerKind, int inFlight)
    {
        var cancellationToken = context.CancellationToken;
        var key = string.Create(CultureInfo.InvariantCulture, $"inflight-{inFlight}");
        var streamId = producerKind.StreamOf(key);
        var owner = cluster.OwnerOf(new GrainId(producerKind.GrainType, key));
        var silo = cluster.Silos.Single(s => s.Address == owner);

        var slots = new DeliverySlots(inFlight, subscribers.Count);
        var observers = subscribers.Select(c => new StreamBenchObserver(c.Name, slots)).ToList();
        var before = subscribers.Select(c => StatisticsSnapshot.Of(c.StreamStatistics)).ToList();
        var handles = new List<StreamSubscriptionHandle>();
        for (var i = 0; i < subscribers.Count; i++)
        {
            handles.Add(await subscribers[i].Streams.GetStream<StreamBenchItem>(streamId).SubscribeAsync(observers[i], cancellationToken: cancellationToken));
        }

        // Callers inside the producer's silo: publishing is in-silo calls, the network carries only deliveries.
        var producer = producerKind.GetGrain(silo.GrainFactory, key);
        var nextSlot = -1;
        var measuring = ThroughputMeter.MeasureAsync(
            context,
            inFlight,
            async worker =>
            {
                var slot = Interlocked.Increment(ref nextSlot);
                while (worker.IsRunning)
                {
                    var started = worker.BeginOperation();

                    // Armed before publishing: the subscribers may handle the item before the publish call returns.
                    var handled = slots.Arm(slot);
                    await producer.PublishAsync(slot);
                    await handled;
                    worker.EndOperation(started);
                }
            },
            phase => observers.ForEach(o => o.SetPhase(phase)));

        using (var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var stalled = Task.Delay(context.Warmup + context.Duration + s_stallTimeout, watchdog.Token);
            if (await Task.WhenAny(measuring, stalled) == stalled && !cancellationToken.IsCancellationRequested)
            {
                var state = await DescribeAsync(subscribers, observers, streamId);
                observers.ForEach(o => o.Fail($"The stream stalled: a worker still waited for its item {s_stallTimeout.TotalSeconds:0} s after the timed phase. {state}"));
            }

            await watchdog.CancelAsync();
        }

        var publishing = await measuring;
        var statistics = await VerifyAsync(context, subscribers, observers, before, streamId);
        foreach (var handle in handles)
        {
            await handle.UnsubscribeAsync();
        }

        return new StreamMeasurement(publishing, observers, statistics, silo.Name);
    }

    /// <summary>
    /// Fails the run unless every subscriber handled every item the stream numbered, once and in order;
    /// returns what each node's statistics counted meanwhile.
    /// </summary>
    private static async Task<List<StatisticsSnapshot>> VerifyAsync(BenchContext context, IReadOnlyList<ClientHandle> subscribers, List<StreamBenchObserver> observers, List<StatisticsSnapshot> before, StreamId streamId)
    {
        var position = await subscribers[0].Streams.GetStream<StreamBenchItem>(streamId).GetPositionAsync(context.CancellationToken);
        var published = position.Sequence;
        var problems = new List<string>();
        var deltas = new List<StatisticsSnapshot>();
        for (var i = 0; i < subscribers.Count; i++)
        {
            var observer = observers[i];
            var delta = StatisticsSnapshot.Of(subscribers[i].StreamStatistics) - before[i];
            deltas.Add(delta);
            if (observer.Failure is { } failure)
            {
                problems.Add(failure);
            }

            if (observer.Items != published)
            {
                problems.Add($"{observer.Node} handled {observer.Items} items; the stream published {published} ({position}).");
            }

            if (delta.Delivered != published || delta.Resets != 0 || delta.Lost != 0)
            {
                problems.Add($"{observer.Node}'s stream statistics for {published} items published: {delta}.");
            }

            // A lease renewal that finds the node behind fetches the items after its position again, and
            // their own deliveries are then dropped as duplicates: fine. An item whose own delivery never
            // arrived (or arrived twice) is not, even though the catch-up repaired it.
            if (delta.Received != published || delta.Duplicates != delta.Recovered)
            {
                context.Log.WriteLine($"streams: WARNING: {observer.Node} received {delta.Received} deliveries for {published} items published on loopback: {delta}.");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Stream {streamId} did not deliver every item once, in order, to every subscriber: {string.Join(" ", problems)}");
        }

        return deltas;
    }

    private static async Task<string> DescribeAsync(IReadOnlyList<ClientHandle> subscribers, IReadOnlyList<StreamBenchObserver> observers, StreamId streamId)
    {
        string position;
        try
        {
            position = (await subscribers[0].Streams.GetStream<StreamBenchItem>(streamId).GetPositionAsync().WaitAsync(TimeSpan.FromSeconds(5))).ToString();
        }
        catch (Exception exception) when (exception is TimeoutException or SiloUnavailableException)
        {
            position = $"unknown ({exception.Message})";
        }

        return $"Stream {streamId} is at {position}; " + string.Join("; ", observers.Select((o, i) => $"{o.Node} handled {o.Items} items, statistics {StatisticsSnapshot.Of(subscribers[i].StreamStatistics)}"));
    }
}
