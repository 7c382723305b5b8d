import { describe, expect, it } from 'vitest';
import { describeStatus, needsCredentials, secondsUntil } from '../../src/views/connectionText';

const now = 1_700_000_000_000;

describe('connection indicator text', () => {
  it('says connecting and live', () => {
    expect(describeStatus({ state: 'connecting', transport: 'sse' }, now).text).toBe('Connecting…');
    expect(describeStatus({ state: 'live', transport: 'websocket' }, now).text).toBe('Live');
  });

  it('says a resume missed nothing and how much was replayed', () => {
    const text = describeStatus({ state: 'resumed', transport: 'sse', replayed: 7 }, now);
    expect(text.text).toBe('Resumed — nothing missed');
    expect(text.detail).toContain('7 missed events were replayed');
  });

  it('names the topics of a reset and what it means', () => {
    const text = describeStatus({ state: 'reset', transport: 'sse', topics: ['board:x', 'metric:y'] }, now);
    expect(text.text).toBe('Reset — history lost for board:x, metric:y; showing current state');
    expect(text.detail).toContain('changes made in between may not show');
  });

  it('counts down whole seconds to the next attempt', () => {
    const status = { state: 'reconnecting', transport: 'sse', retryAt: now + 3_200, attempt: 2, reason: 'shutdown' } as const;
    expect(describeStatus(status, now).text).toBe('Reconnecting in 4 s');
    expect(describeStatus(status, now + 1_000).text).toBe('Reconnecting in 3 s');
    expect(describeStatus(status, now + 3_199).text).toBe('Reconnecting in 1 s');
    expect(describeStatus(status, now + 3_200).text).toBe('Reconnecting…');
    expect(describeStatus(status, now).detail).toContain('(shutdown)');
  });

  it('never counts below zero', () => {
    expect(secondsUntil(now - 5_000, now)).toBe(0);
  });

  it('says why it stopped, and asks for keys only when credentials were refused', () => {
    const stopped = { state: 'stopped', transport: 'sse', reason: 'enter a valid view key in Settings', code: 4501 } as const;
    expect(describeStatus(stopped, now).text).toBe('Stopped — enter a valid view key in Settings');
    expect(needsCredentials(stopped)).toBe(true);
    expect(needsCredentials({ ...stopped, code: 4502 })).toBe(true);
    expect(needsCredentials({ ...stopped, code: 4500 })).toBe(false);
    expect(needsCredentials({ state: 'live', transport: 'sse' })).toBe(false);
  });
});
