using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveDash.Runtime.Messaging.Remote;

/// <summary>Source-generated serialisation of the runtime's own wire records.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RemoteExceptionInfo))]
internal sealed partial class RemoteJsonContext : JsonSerializerContext;
