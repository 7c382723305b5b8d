namespace LiveDash.Runtime.Streaming;

/// <summary>
/// A position in a stream: which incarnation of its producer (<see cref="Epoch"/>) and how many items
/// that incarnation has published (<see cref="Sequence"/>). Within an epoch the sequence grows by exactly
/// 1 per item, so a subscriber sees a gap or a repeat at once; a new epoch means the history before it
/// cannot be replayed (the stream's producer was reactivated without its buffer), so the subscriber
/// must start again from a snapshot.
/// </summary>
/// <param name="Epoch">
/// Identifies the producer's incarnation: its start time in Unix milliseconds times 1,024 plus 10 random
/// bits, so a later incarnation has a larger epoch (when node clocks agree) and two almost never share one;
/// it stays below 2^53 (until 2248), exact in a JavaScript number.
/// </param>
/// <param name="Sequence">The number of items published in this epoch; the first item has sequence 1, 0 means none yet.</param>
public readonly record struct StreamSequenceToken(long Epoch, long Sequence)
{
    /// <summary>The position of the item after this one.</summary>
    /// <returns>The same epoch, sequence + 1.</returns>
    public StreamSequenceToken Next() => new(Epoch, Sequence + 1);

    /// <summary>Formats as <c>epoch:sequence</c>.</summary>
    /// <returns>The string form.</returns>
    public override string ToString() => $"{Epoch}:{Sequence}";
}
