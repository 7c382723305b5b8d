using System.Text.Json.Serialization;

namespace LiveDash.Gateway.Diagnostics;

/// <summary>Source-generated JSON for the diagnostics endpoints' bodies.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class DiagnosticsJsonContext : JsonSerializerContext;
