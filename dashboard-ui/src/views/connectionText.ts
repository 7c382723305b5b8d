// What the connection indicator says for each ConnectionStatus. Pure, so each wording is tested.

import type { ConnectionStatus, TransportKind } from '../live/ConnectionStatus';

export interface ConnectionText {
  /** The indicator's own text (the DOM contract's readable text), short enough for a phone header. */
  text: string;
  /** The longer explanation: the indicator's tooltip and what the status region announces. */
  detail: string;
}

const TRANSPORT_NAMES: Record<TransportKind, string> = {
  sse: 'Server-Sent Events',
  websocket: 'WebSocket',
  longpoll: 'long polling',
};

/** Whole seconds until `retryAt`, rounded up so the count reaches 0 only when the attempt starts. */
export function secondsUntil(retryAt: number, nowMs: number): number {
  return Math.max(0, Math.ceil((retryAt - nowMs) / 1000));
}

export function describeStatus(status: ConnectionStatus, nowMs: number): ConnectionText {
  const over = `over ${TRANSPORT_NAMES[status.transport]}`;
  switch (status.state) {
    case 'connecting':
      return { text: 'Connecting…', detail: `Connecting ${over}.` };
    case 'live':
      return { text: 'Live', detail: `Live ${over}: changes appear as they happen.` };
    case 'resumed': {
      const replayed = status.replayed === 1 ? '1 missed event was' : `${status.replayed} missed events were`;
      return {
        text: 'Resumed — nothing missed',
        detail: `Reconnected ${over} and caught up: ${replayed} replayed, nothing was lost.`,
      };
    }
    case 'reset': {
      const topics = status.topics.length > 0 ? status.topics.join(', ') : 'some topics';
      return {
        text: `Reset — history lost for ${topics}; showing current state`,
        detail:
          `Reconnected ${over}, but the history of ${topics} was lost (its server restarted, or this page ` +
          'was away longer than the replay window). Their current state was reloaded, so changes made in ' +
          'between may not show in charts.',
      };
    }
    case 'reconnecting': {
      const seconds = secondsUntil(status.retryAt, nowMs);
      const why = status.reason ? ` (${status.reason})` : '';
      return {
        text: seconds > 0 ? `Reconnecting in ${seconds} s` : 'Reconnecting…',
        detail: `Connection lost${why}; attempt ${status.attempt} ${
          seconds > 0 ? `in ${seconds} s` : 'now'
        }. The page resumes where it left off.`,
      };
    }
    case 'stopped': {
      const code = status.code === undefined ? '' : ` (${status.code})`;
      return {
        text: `Stopped — ${status.reason}`,
        detail: `Disconnected for good${code}: ${status.reason}`,
      };
    }
  }
}

/** Credentials refused (unauthorized, forbidden): the settings dialog opens by itself. */
export function needsCredentials(status: ConnectionStatus): boolean {
  return status.state === 'stopped' && (status.code === 4501 || status.code === 4502);
}
