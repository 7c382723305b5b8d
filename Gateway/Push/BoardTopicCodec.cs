using System.Text.Json;
using LiveDash.Grains;

namespace LiveDash.Gateway.Push;

/// <summary>Board topics: <see cref="BoardSnapshot"/> state, <see cref="BoardDelta"/> items, source-generated JSON.</summary>
internal sealed class BoardTopicCodec : ITopicCodec<BoardSnapshot, BoardDelta>
{
    public static BoardTopicCodec Instance { get; } = new();

    public BoardSnapshot Apply(BoardSnapshot data, BoardDelta delta) => data.Apply(delta);

    public byte[] SerializeData(BoardSnapshot data) => JsonSerializer.SerializeToUtf8Bytes(data, GrainsJsonContext.Default.BoardSnapshot);

    public byte[] SerializeDelta(BoardDelta delta) => JsonSerializer.SerializeToUtf8Bytes(delta, GrainsJsonContext.Default.BoardDelta);

    // A board exists once a command gave it an entry or a title: neither is ever removed.
    public bool IsEmpty(BoardSnapshot data) => data.Entries.Count == 0 && data.Title.Length == 0;
}
