/**
 * The disconnect-code table, mirroring Gateway/Push/DisconnectCode.cs and DisconnectCodes.cs (README
 * "Disconnect codes"): the SSE `disconnect` event's `code`, the WebSocket close code, and the code
 * this client gives HTTP refusals of credentials. 4000–4499: reconnect with backoff and resume from
 * the last cursor; 4500 and up: stop until something changes (the user must act).
 */

export const DisconnectCode = {
  Shutdown: 4000,
  Reauthenticate: 4001,
  SlowConsumer: 4002,
  Unavailable: 4003,
  BadRequest: 4500,
  Unauthorized: 4501,
  Forbidden: 4502,
} as const;

/** The lowest code that means "do not reconnect" (DisconnectCodes.FirstTerminalCode). */
export const FIRST_TERMINAL_CODE = 4500;

export interface DisconnectRule {
  code: number;
  /** The gateway's snake_case reason. */
  reason: string;
  reconnect: boolean;
  /** What the indicator tells the user. */
  message: string;
}

const RULES: readonly DisconnectRule[] = [
  { code: 4000, reason: 'shutdown', reconnect: true, message: 'the gateway is restarting' },
  { code: 4001, reason: 'reauthenticate', reconnect: true, message: 'the session expired; signing in again' },
  { code: 4002, reason: 'slow_consumer', reconnect: true, message: 'this page fell behind' },
  { code: 4003, reason: 'unavailable', reconnect: true, message: 'a topic is unavailable right now' },
  { code: 4500, reason: 'bad_request', reconnect: false, message: 'the gateway refused a message from this page (reload it)' },
  { code: 4501, reason: 'unauthorized', reconnect: false, message: 'the key was refused: enter a valid key' },
  { code: 4502, reason: 'forbidden', reconnect: false, message: 'the key lacks the permission this view needs: enter another key' },
];

/**
 * The rule for a code. Unknown codes follow their range; codes outside 4000–4999 (1000 normal,
 * 1001 going away, 1006 dropped, ...) are network-level drops: reconnect.
 */
export function disconnectRule(code: number, reason?: string): DisconnectRule {
  const known = RULES.find((rule) => rule.code === code);
  if (known) return known;
  if (code >= FIRST_TERMINAL_CODE && code <= 4999) {
    return { code, reason: reason || 'refused', reconnect: false, message: `the gateway ended the connection (${reason || code})` };
  }
  return { code, reason: reason || 'dropped', reconnect: true, message: code >= 4000 && code < FIRST_TERMINAL_CODE ? `the gateway ended the connection (${reason || code})` : 'the connection dropped' };
}

/** The terminal code for an HTTP refusal of credentials (401 → 4501, 403 → 4502), else undefined. */
export function refusalCode(httpStatus: number): number | undefined {
  if (httpStatus === 401) return DisconnectCode.Unauthorized;
  if (httpStatus === 403) return DisconnectCode.Forbidden;
  return undefined;
}
