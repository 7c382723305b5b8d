using System.Text.Json.Serialization;

namespace LiveDash.Grains;

/// <summary>What kind of grain owns a topic. On the wire it is the topic prefix: <c>metric</c> or <c>board</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TopicKind>))]
public enum TopicKind
{
    /// <summary>A metric topic, <c>metric:&lt;name&gt;</c>, owned by one <see cref="IMetricGrain"/>.</summary>
    [JsonStringEnumMemberName("metric")]
    Metric = 1,

    /// <summary>A scoreboard topic, <c>board:&lt;id&gt;</c>, owned by one <see cref="IScoreboardGrain"/>.</summary>
    [JsonStringEnumMemberName("board")]
    Board = 2,
}
