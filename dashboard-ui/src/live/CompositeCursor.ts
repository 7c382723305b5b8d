import type { TopicName } from './wire';

/**
 * The one thing the client reads in the otherwise opaque SSE / long-poll cursor: which segment is whose.
 * Gateway/Push/PushCursor.cs documents the wire form: segments `<topic hash, 8 hex>:<epoch>:<seq>`
 * joined by `,`, the hash being FNV-1a (32 bit) over the topic's name. A topic the cursor does not
 * name starts with a snapshot (recovered) when the client resumes; so to ask for one topic's snapshot
 * without losing the others' positions, the client drops that topic's segment.
 */
export function withoutTopics(cursor: string, topics: readonly TopicName[]): string {
  if (topics.length === 0 || cursor === '') return cursor;
  const drop = new Set(topics.map(topicHash));
  return cursor
    .split(',')
    .filter((segment) => !drop.has(segment.slice(0, 8)))
    .join(',');
}

/** FNV-1a over the topic name (ASCII by the gateway's rules), as `PushCursor.HashOf`: 8 lower-case hex digits. */
export function topicHash(topic: TopicName): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < topic.length; i++) {
    hash ^= topic.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
