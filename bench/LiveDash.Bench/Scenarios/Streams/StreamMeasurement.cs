using LiveDash.Bench.Measuring;

namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>What one row of the <c>streams</c> scenario observed.</summary>
/// <param name="Publishing">
/// The closed-loop workers' view: an operation is one item published and handled by every subscriber;
/// its elapsed time and allocated bytes are the timed phase's.
/// </param>
/// <param name="Subscribers">Each subscribing node's observer: items handled and publish→handler latency in the same timed phase.</param>
/// <param name="Statistics">What each subscribing node's <c>StreamStatistics</c> counted during the row, in the order of <paramref name="Subscribers"/>.</param>
/// <param name="Producer">The silo the producer grain (and so the stream) ran on.</param>
internal sealed record StreamMeasurement(Measurement Publishing, IReadOnlyList<StreamBenchObserver> Subscribers, IReadOnlyList<StatisticsSnapshot> Statistics, string Producer)
{
    /// <summary>
    /// The table's view of one subscriber: items it handled per second of the timed phase, the whole
    /// process's allocation and CPU time per such item (publishing and every node's delivery), and its latency.
    /// </summary>
    public Measurement Of(StreamBenchObserver subscriber)
        => new(subscriber.TimedItems, Publishing.Elapsed, Publishing.AllocatedBytes, subscriber.Latency, Publishing.ProcessorTime);
}
