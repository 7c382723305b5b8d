namespace LiveDash.Runtime.Streaming.Rendezvous;

/// <summary>A rendezvous grain's answer to a subscription or renewal.</summary>
/// <param name="Position">The stream's newest position when the answer was made.</param>
/// <param name="Reset">Why the items after the subscriber's position cannot be replayed; null when they can (or it had none).</param>
/// <param name="Items">
/// Items after the subscriber's position, oldest first and contiguous; empty on a reset. At most one
/// page (<see cref="StreamRendezvousGrain.MaxItemsPerCatchUp"/>): when the last is before
/// <paramref name="Position"/> the subscriber asks again.
/// </param>
internal sealed record StreamCatchUp(StreamSequenceToken Position, StreamResetReason? Reset, IReadOnlyList<StreamReplayItem> Items);
