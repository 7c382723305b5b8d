using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>Source-generated JSON for the handshake bodies: no reflection on the connect path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HandshakeRequest))]
[JsonSerializable(typeof(HandshakeResponse))]
internal sealed partial class TransportJsonContext : JsonSerializerContext
{
}
