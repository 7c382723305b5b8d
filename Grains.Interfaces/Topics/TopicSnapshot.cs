using LiveDash.Runtime.Streaming;

namespace LiveDash.Grains;

/// <summary>
/// A topic's state with the stream position it reflects: the object a gateway sends as a topic
/// snapshot (<c>{"topic":..,"epoch":..,"seq":..,"data":{..}}</c>, CONTRACT.md).
/// </summary>
/// <remarks>
/// <see cref="Data"/> holds every change published up to <see cref="Position"/>, and possibly changes
/// the grain has not published yet (they go out with the next item, within the publish interval).
/// Topic items carry absolute values, not increments, so applying them is idempotent: applying the
/// items after <see cref="Position"/> to this snapshot yields the grain's state either way.
/// </remarks>
/// <typeparam name="TData">The topic's state: <see cref="MetricSnapshot"/> or <see cref="BoardSnapshot"/>.</typeparam>
/// <param name="Topic">The topic.</param>
/// <param name="Position">The position of the topic's stream that the data includes.</param>
/// <param name="Data">The state.</param>
public sealed record TopicSnapshot<TData>(Topic Topic, StreamSequenceToken Position, TData Data);
