import { describe, expect, it } from 'vitest';
import { DisconnectCode, disconnectRule, refusalCode } from '../../src/live/DisconnectCodes';

describe('DisconnectCodes', () => {
  it('mirrors the gateway table: 4000–4003 reconnect, 4500–4502 do not', () => {
    expect([4000, 4001, 4002, 4003].map((code) => disconnectRule(code).reconnect)).toEqual([true, true, true, true]);
    expect([4500, 4501, 4502].map((code) => disconnectRule(code).reconnect)).toEqual([false, false, false]);
    expect(disconnectRule(DisconnectCode.SlowConsumer).reason).toBe('slow_consumer');
    expect(disconnectRule(DisconnectCode.Reauthenticate).reason).toBe('reauthenticate');
  });

  it('follows the ranges for codes it does not know, and treats network-level closes as drops', () => {
    expect(disconnectRule(4321).reconnect).toBe(true);
    expect(disconnectRule(4777, 'new_reason').reconnect).toBe(false);
    expect(disconnectRule(1006).reconnect).toBe(true);
    expect(disconnectRule(1000).reconnect).toBe(true);
  });

  it('maps 401 and 403 refusals to 4501 and 4502, nothing else', () => {
    expect(refusalCode(401)).toBe(4501);
    expect(refusalCode(403)).toBe(4502);
    expect(refusalCode(404)).toBeUndefined();
    expect(refusalCode(503)).toBeUndefined();
  });
});
