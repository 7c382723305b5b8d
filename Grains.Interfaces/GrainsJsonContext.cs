using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveDash.Grains;

/// <summary>
/// Source-generated System.Text.Json metadata for the grain DTOs, camelCase on the wire. Register
/// <c>GrainsJsonContext.Default</c> with the runtime's serialization options (and use
/// it in gateways) so no reflection runs on the ingest and snapshot paths.
/// </summary>
/// <remarks>
/// Dictionary keys (tags, entry ids) are written as given: no naming policy applies to them.
/// Used on its own, the context also rejects JSON nulls in non-nullable members. Floating-point
/// values are always finite (see <see cref="MetricSample.MaxAbsoluteValue"/>), so no named
/// literals such as NaN are needed.
/// </remarks>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.General,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(MetricSample))]
[JsonSerializable(typeof(MetricBatch))]
[JsonSerializable(typeof(RecordResult))]
[JsonSerializable(typeof(MetricSnapshot))]
[JsonSerializable(typeof(SeriesSnapshot))]
[JsonSerializable(typeof(SeriesPoint))]
[JsonSerializable(typeof(MetricDelta))]
[JsonSerializable(typeof(SeriesDelta))]
[JsonSerializable(typeof(BoardCommand))]
[JsonSerializable(typeof(BoardSnapshot))]
[JsonSerializable(typeof(BoardEntry))]
[JsonSerializable(typeof(BoardDelta))]
[JsonSerializable(typeof(BoardEntryChange))]
[JsonSerializable(typeof(TopicSnapshot<MetricSnapshot>))]
[JsonSerializable(typeof(TopicSnapshot<BoardSnapshot>))]
[JsonSerializable(typeof(Topic))]
[JsonSerializable(typeof(TopicKind))]
[JsonSerializable(typeof(TopicDirectoryEntry))]
[JsonSerializable(typeof(IReadOnlyList<TopicDirectoryEntry>))]
public sealed partial class GrainsJsonContext : JsonSerializerContext
{
}
