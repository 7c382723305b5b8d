using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveDash.Gateway.Ingest;

/// <summary>Source-generated JSON for the ingest answers (no reflection on the write path).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IngestResponse))]
internal sealed partial class IngestJsonContext : JsonSerializerContext
{
}
