using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveDash.Grains.Aggregation;

/// <summary>
/// Source-generated System.Text.Json metadata for the persisted grain states. Register
/// <c>GrainStateJsonContext.Default</c> with the runtime's serialization options so storage
/// providers serialise state without reflection.
/// </summary>
/// <remarks>
/// Doubles are written in their shortest round-trippable form, so state round-trips bit for bit.
/// States never hold NaN or infinities (empty sketches store 0), so strict number handling works.
/// </remarks>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MetricGrainState))]
[JsonSerializable(typeof(ScoreboardGrainState))]
[JsonSerializable(typeof(Directory.TopicDirectoryGrainState))]
public sealed partial class GrainStateJsonContext : JsonSerializerContext
{
}
