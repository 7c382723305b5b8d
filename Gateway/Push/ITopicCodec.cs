namespace LiveDash.Gateway.Push;

/// <summary>
/// How the hub handles one kind of topic: applies a stream item to the state it holds, serialises
/// both for clients, and tells an empty (never written) topic apart.
/// </summary>
/// <typeparam name="TData">The topic's state (the <c>data</c> of a snapshot).</typeparam>
/// <typeparam name="TDelta">The stream item (the <c>data</c> of an update).</typeparam>
internal interface ITopicCodec<TData, TDelta>
{
    /// <summary>The state after <paramref name="delta"/>, the next item after <paramref name="data"/>.</summary>
    TData Apply(TData data, TDelta delta);

    /// <summary>The state as UTF-8 JSON.</summary>
    byte[] SerializeData(TData data);

    /// <summary>The item as UTF-8 JSON.</summary>
    byte[] SerializeDelta(TDelta delta);

    /// <summary>Whether nothing was ever written to the topic (CONTRACT.md: such a topic is unknown, 404).</summary>
    bool IsEmpty(TData data);
}
