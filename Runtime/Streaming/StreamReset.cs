namespace LiveDash.Runtime.Streaming;

/// <summary>A jump in a subscriber's position that skipped items: the subscriber reloads a snapshot.</summary>
/// <param name="Reason">Why the skipped items cannot be delivered.</param>
/// <param name="Previous">The position the subscriber held before the jump, or null when it held none.</param>
/// <param name="Position">
/// Where the stream continues: the next item delivered has this position's sequence + 1. A snapshot
/// taken after the reset reflects this position or a later one.
/// </param>
public sealed record StreamReset(StreamResetReason Reason, StreamSequenceToken? Previous, StreamSequenceToken Position);
