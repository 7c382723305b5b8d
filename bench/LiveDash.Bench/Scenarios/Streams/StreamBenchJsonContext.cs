using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>Source-generated JSON for <see cref="StreamBenchItem"/>, registered on every node as the application's grain DTOs are.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StreamBenchItem))]
internal sealed partial class StreamBenchJsonContext : JsonSerializerContext;
