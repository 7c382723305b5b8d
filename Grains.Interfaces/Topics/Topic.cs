using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace LiveDash.Grains;

/// <summary>
/// A topic a client can subscribe to: <c>metric:&lt;name&gt;</c> or <c>board:&lt;id&gt;</c>
/// (CONTRACT.md, "Topics"). The name follows <see cref="TopicNames.IsValidName"/>. On the wire a
/// topic is always its string form.
/// </summary>
[JsonConverter(typeof(TopicJsonConverter))]
public readonly record struct Topic
{
    /// <summary>The prefix of metric topics, including the colon.</summary>
    public const string MetricPrefix = "metric:";

    /// <summary>The prefix of board topics, including the colon.</summary>
    public const string BoardPrefix = "board:";

    /// <summary>Creates a topic.</summary>
    /// <param name="kind">The owning grain kind.</param>
    /// <param name="name">The metric name or board id.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined kind.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid name.</exception>
    public Topic(TopicKind kind, string name)
    {
        if (kind is not (TopicKind.Metric or TopicKind.Board))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A topic kind must be Metric or Board.");
        }

        if (!TopicNames.IsValidName(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid topic name: use 1–{TopicNames.MaxLength} characters of {TopicNames.AllowedCharactersDescription}.",
                nameof(name));
        }

        Kind = kind;
        Name = name;
    }

    /// <summary>The owning grain kind.</summary>
    public TopicKind Kind { get; }

    /// <summary>The metric name or board id; also the owning grain's key.</summary>
    public string Name { get; }

    /// <summary>The topic <c>metric:<paramref name="name"/></c>.</summary>
    /// <param name="name">A valid metric name.</param>
    /// <returns>The metric topic.</returns>
    public static Topic Metric(string name) => new(TopicKind.Metric, name);

    /// <summary>The topic <c>board:<paramref name="id"/></c>.</summary>
    /// <param name="id">A valid board id.</param>
    /// <returns>The board topic.</returns>
    public static Topic Board(string id) => new(TopicKind.Board, id);

    /// <summary>Parses <c>metric:&lt;name&gt;</c> or <c>board:&lt;id&gt;</c>; prefixes are case-sensitive.</summary>
    /// <param name="value">The string form.</param>
    /// <param name="topic">The parsed topic, or <see langword="default"/> when parsing fails.</param>
    /// <returns>Whether <paramref name="value"/> is a valid topic.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out Topic topic)
    {
        if (value is not null)
        {
            if (value.StartsWith(MetricPrefix, StringComparison.Ordinal))
            {
                return TryCreate(TopicKind.Metric, value[MetricPrefix.Length..], out topic);
            }

            if (value.StartsWith(BoardPrefix, StringComparison.Ordinal))
            {
                return TryCreate(TopicKind.Board, value[BoardPrefix.Length..], out topic);
            }
        }

        topic = default;
        return false;
    }

    /// <summary>Parses a topic, throwing when it is invalid.</summary>
    /// <param name="value">The string form.</param>
    /// <returns>The parsed topic.</returns>
    /// <exception cref="FormatException"><paramref name="value"/> is not a valid topic.</exception>
    public static Topic Parse(string value)
        => TryParse(value, out var topic)
            ? topic
            : throw new FormatException(
                $"'{value}' is not a topic: expected '{MetricPrefix}<name>' or '{BoardPrefix}<id>' with a name of 1–{TopicNames.MaxLength} characters of {TopicNames.AllowedCharactersDescription}.");

    /// <summary>The wire form, e.g. <c>metric:cpu.load</c>; empty for <see langword="default"/>.</summary>
    /// <returns>The string form of the topic.</returns>
    public override string ToString() => Kind switch
    {
        TopicKind.Metric => MetricPrefix + Name,
        TopicKind.Board => BoardPrefix + Name,
        _ => string.Empty,
    };

    private static bool TryCreate(TopicKind kind, string name, out Topic topic)
    {
        if (TopicNames.IsValidName(name))
        {
            topic = new Topic(kind, name);
            return true;
        }

        topic = default;
        return false;
    }
}
