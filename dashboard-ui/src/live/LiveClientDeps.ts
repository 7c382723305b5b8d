import type { RequestFrame } from '../render/FrameScheduler';
import type { Credentials } from './Credentials';

/** The part of `EventSource` the transport uses; tests pass a fake class. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** The part of `WebSocket` the transport uses; tests pass a fake class. */
export interface WebSocketLike {
  readonly readyState: number;
  addEventListener(type: 'open' | 'error', listener: (event: Event) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'close', listener: (event: CloseEvent) => void): void;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Timers, injectable so tests step time by hand. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Everything the live client takes from its environment. */
export interface LiveClientDeps {
  /** The gateway's origin, e.g. `http://127.0.0.1:5080` (the page's own origin in the browser). */
  baseUrl: string;
  fetch: typeof fetch;
  /** Absent where the browser has no EventSource: the client long-polls from the start. */
  EventSource?: new (url: string) => EventSourceLike;
  /** Absent where the browser has no WebSocket: interactive watches go over the stream and commands answer `unavailable`. */
  WebSocket?: new (url: string) => WebSocketLike;
  /** Unix ms. */
  now: () => number;
  timers: Timers;
  /** In [0, 1): the backoff's jitter. */
  random: () => number;
  requestFrame: RequestFrame;
  /** Read before every request, so keys typed into the settings apply to the next connection. */
  credentials: () => Credentials;
}

/** WebSocket `readyState` values (the fakes in tests have no WebSocket global to read them from). */
export const SOCKET_OPEN = 1;
