namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>One item of the <c>streams</c> scenario, as published and as each subscriber receives it: a positional record, like the application's stream DTOs.</summary>
/// <param name="Number">
/// The producer's count of items published, starting at 1: equal to the item's stream sequence, so a
/// subscriber can check that the payload it got is the one numbered at its position.
/// </param>
/// <param name="Slot">The closed-loop worker that asked for the item, which waits until every subscriber has handled it.</param>
/// <param name="PublishedTicks">
/// <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> when the producer called <c>OnNextAsync</c>:
/// silos and clients share this process, so a subscriber subtracts it from its own timestamp.
/// </param>
public sealed record StreamBenchItem(long Number, int Slot, long PublishedTicks);
