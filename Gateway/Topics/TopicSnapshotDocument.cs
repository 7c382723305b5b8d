using System.Text.Json;

namespace LiveDash.Gateway.Topics;

/// <summary>
/// OpenAPI shape of a topic snapshot (<c>GET /api/v1/topics/{topic}</c>, the answer of
/// <c>POST /api/v1/boards/{id}</c>, an SSE snapshot's data); the bytes come from <c>PushEvent</c>.
/// </summary>
/// <param name="Type">Always <c>snapshot</c>.</param>
/// <param name="Topic"><c>metric:&lt;name&gt;</c> or <c>board:&lt;id&gt;</c>.</param>
/// <param name="Seq">The topic stream's sequence number the data includes.</param>
/// <param name="Epoch">The topic stream's epoch (opaque).</param>
/// <param name="Data">The state: <c>{"metric":..,"series":[..]}</c> or <c>{"board":..,"title":..,"entries":[..]}</c> (CONTRACT.md).</param>
internal sealed record TopicSnapshotDocument(string Type, string Topic, long Seq, string Epoch, JsonElement Data);
