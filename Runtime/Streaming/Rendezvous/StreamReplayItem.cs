namespace LiveDash.Runtime.Streaming.Rendezvous;

/// <summary>One buffered item, as replayed to a subscriber that missed it.</summary>
/// <param name="Sequence">Its sequence in the stream's current epoch.</param>
/// <param name="Payload">The serialised item.</param>
internal sealed record StreamReplayItem(long Sequence, byte[] Payload);
