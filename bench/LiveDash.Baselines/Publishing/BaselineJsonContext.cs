using System.Text.Json.Serialization;
using LiveDash.Baselines.Hosting;

namespace LiveDash.Baselines.Publishing;

/// <summary>Source-generated JSON for the event (camelCase, as SignalR's JSON protocol writes it) and the stats.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BenchEvent))]
[JsonSerializable(typeof(ServerStats))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;
