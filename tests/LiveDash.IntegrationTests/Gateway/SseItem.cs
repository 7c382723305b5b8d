namespace LiveDash.IntegrationTests.Gateway;

/// <summary>
/// What <see cref="SseEventReader.ReadAsync"/> yields, in stream order: a dispatched <see cref="SseEvent"/>,
/// a <see cref="SseComment"/> line, or a <see cref="SseRetry"/> field the parser accepted.
/// </summary>
internal abstract record SseItem;
