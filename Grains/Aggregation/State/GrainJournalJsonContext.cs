using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveDash.Grains.Aggregation;

/// <summary>
/// Source-generated System.Text.Json metadata for the grains' journal entries. Register
/// <c>GrainJournalJsonContext.Default</c> with the runtime's serialization options after
/// <see cref="GrainsJsonContext"/>.
/// </summary>
/// <remarks>
/// A separate context from <see cref="GrainStateJsonContext"/> because entries embed the grains' wire
/// DTOs (a <see cref="MetricBatch"/>): registered after <see cref="GrainsJsonContext"/>, the runtime's
/// resolver chain takes those DTOs' metadata from there, so an entry stores a batch exactly in its
/// wire form (compact, null-checked) and nothing else changes how grain calls carry it.
/// </remarks>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MetricJournalEntry))]
[JsonSerializable(typeof(ScoreboardJournalEntry))]
public sealed partial class GrainJournalJsonContext : JsonSerializerContext
{
}
