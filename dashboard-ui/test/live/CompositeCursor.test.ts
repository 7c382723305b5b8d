import { describe, expect, it } from 'vitest';
import { topicHash, withoutTopics } from '../../src/live/CompositeCursor';

describe('CompositeCursor', () => {
  it('hashes a topic name with 32-bit FNV-1a as 8 hex digits, like PushCursor.HashOf', () => {
    // FNV-1a reference values: "" → 811c9dc5, "a" → e40c292c.
    expect(topicHash('')).toBe('811c9dc5');
    expect(topicHash('a')).toBe('e40c292c');
    // Read from a real gateway's SSE ids (metric:cpu.load's and board:match-1's segments).
    expect(topicHash('metric:cpu.load')).toBe('273c995d');
    expect(topicHash('board:match-1')).toBe('0823981e');
  });

  it('drops only the segments of the given topics', () => {
    const a = `${topicHash('metric:a')}:k1:2b`;
    const b = `${topicHash('board:b')}:k1:9`;
    const c = `${topicHash('metric:c')}:k2:1`;
    expect(withoutTopics(`${a},${b},${c}`, ['board:b'])).toBe(`${a},${c}`);
    expect(withoutTopics(`${a},${b}`, ['metric:a', 'board:b'])).toBe('');
    expect(withoutTopics(`${a},${b}`, [])).toBe(`${a},${b}`);
  });
});
