using LiveDash.Runtime.Streaming;

namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>A node's <see cref="StreamStatistics"/> at one moment; subtracting two gives what one row did.</summary>
internal readonly record struct StatisticsSnapshot(long Received, long Delivered, long Recovered, long Duplicates, long Resets, long Lost)
{
    public static StatisticsSnapshot Of(StreamStatistics statistics) => new(
        statistics.ItemsReceived,
        statistics.ItemsDelivered,
        statistics.ItemsRecovered,
        statistics.DuplicatesDropped,
        statistics.Resets,
        statistics.SubscriptionsLost);

    public static StatisticsSnapshot operator -(StatisticsSnapshot after, StatisticsSnapshot before) => new(
        after.Received - before.Received,
        after.Delivered - before.Delivered,
        after.Recovered - before.Recovered,
        after.Duplicates - before.Duplicates,
        after.Resets - before.Resets,
        after.Lost - before.Lost);

    public override string ToString()
        => $"received {Received}, delivered {Delivered}, recovered {Recovered}, duplicates dropped {Duplicates}, resets {Resets}, subscriptions lost {Lost}";
}
