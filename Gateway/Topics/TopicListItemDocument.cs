namespace LiveDash.Gateway.Topics;

/// <summary>OpenAPI shape of one entry of <c>GET /api/v1/topics</c>.</summary>
/// <param name="Topic"><c>metric:&lt;name&gt;</c> or <c>board:&lt;id&gt;</c>.</param>
/// <param name="Kind"><c>metric</c> or <c>board</c>.</param>
/// <param name="UpdatedAt">When the topic last changed, Unix milliseconds (refreshed at most every 5 s by default).</param>
internal sealed record TopicListItemDocument(string Topic, string Kind, long UpdatedAt);
