// Test doubles for the transport's environment: timers, EventSource, WebSocket, fetch, frames.
import { LiveClient, type LiveClientTuning } from '../../src/live/LiveClient';
import type { EventSourceLike, LiveClientDeps, Timers, WebSocketLike } from '../../src/live/LiveClientDeps';
import type { Credentials } from '../../src/live/Credentials';
import type { PushEvent } from '../../src/live/wire';

/**
 * Lets every pending promise chain run (fetch answers, json parsing): a few turns of the event loop,
 * each a 0 ms macrotask, not a wait for time to pass (the client's own time is FakeTimers).
 */
export async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => globalThis.setTimeout(resolve, 0));
}

/** Manual time: `advance` runs due timers in order, letting promises settle between them. */
export class FakeTimers implements Timers {
  time = 1_700_000_000_000;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  now = (): number => this.time;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Delays of the timers pending now, relative to now. */
  pendingDelays(): number[] {
    return [...this.timers.values()].map((timer) => timer.at - this.time);
  }

  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await flush();
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

type Listener = (event: MessageEvent) => void;

export class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = [];
  static get last(): FakeEventSource {
    const source = FakeEventSource.instances[FakeEventSource.instances.length - 1];
    if (!source) throw new Error('expected an EventSource to have been opened');
    return source;
  }

  closed = false;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  get params(): URLSearchParams {
    return new URL(this.url).searchParams;
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  private dispatch(type: string, init: { data?: string; lastEventId?: string }): void {
    if (this.closed) return;
    const event = { type, data: init.data, lastEventId: init.lastEventId ?? '' } as unknown as MessageEvent;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  open(): void {
    this.dispatch('open', {});
  }

  send(event: PushEvent, id: string): void {
    this.dispatch(event.type, { data: JSON.stringify(event), lastEventId: id });
  }

  disconnect(code: number, reason: string, reconnect: boolean): void {
    this.dispatch('disconnect', { data: JSON.stringify({ code, reason, reconnect }) });
  }

  fail(): void {
    this.dispatch('error', {});
  }
}

export class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  static get last(): FakeWebSocket {
    const socket = FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
    if (!socket) throw new Error('expected a WebSocket to have been opened');
    return socket;
  }

  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  closedWith: number | undefined;
  private readonly listeners = new Map<string, ((event: never) => void)[]>();

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  addEventListener(type: string, listener: (event: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number): void {
    this.closedWith = code ?? 1000;
    this.readyState = 3;
  }

  private dispatch(type: string, event: object): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event as never);
  }

  open(): void {
    this.readyState = 1;
    this.dispatch('open', {});
  }

  receive(message: object): void {
    this.dispatch('message', { data: JSON.stringify(message) });
  }

  /** The server closed the connection (or it dropped: 1006). */
  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.dispatch('close', { code, reason });
  }

  ofOp(op: string): Record<string, unknown>[] {
    return this.sent.filter((message) => message['op'] === op);
  }
}

export interface FetchCall {
  url: string;
  method: string;
  authorization: string | undefined;
}

export type Route = (call: FetchCall) => Response | Promise<Response> | 'network-error' | 'hang';

/** A fetch that answers by path prefix; records every call. Tickets are numbered t1, t2, … by default. */
export class FakeFetch {
  readonly calls: FetchCall[] = [];
  private ticketCount = 0;
  readonly routes = new Map<string, Route>();

  constructor() {
    this.routes.set('/api/v1/tickets', () => json({ ticket: `t${++this.ticketCount}`, expiresAt: 0 }));
    this.routes.set('/api/v1/topics', () => json([]));
  }

  ofPath(path: string): FetchCall[] {
    return this.calls.filter((call) => new URL(call.url).pathname === path);
  }

  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const call: FetchCall = { url, method: init?.method ?? 'GET', authorization: headers['Authorization'] };
    this.calls.push(call);
    const path = new URL(url).pathname;
    const route = this.routes.get(path);
    if (!route) return Promise.resolve(new Response('not found', { status: 404 }));
    return Promise.resolve(route(call)).then((answer) => {
      if (answer === 'network-error') throw new TypeError('Failed to fetch');
      if (answer === 'hang') {
        return new Promise<Response>((_, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        });
      }
      return answer;
    });
  };
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function problem(status: number, title = 'refused'): Response {
  return new Response(JSON.stringify({ title, status }), { status, headers: { 'Content-Type': 'application/problem+json' } });
}

/** requestAnimationFrame by hand. */
export class FakeFrames {
  private callbacks: ((time: number) => void)[] = [];
  readonly requestFrame = (callback: (time: number) => void): number => {
    this.callbacks.push(callback);
    return this.callbacks.length;
  };
  get requested(): number {
    return this.callbacks.length;
  }
  run(): void {
    const callbacks = this.callbacks;
    this.callbacks = [];
    for (const callback of callbacks) callback(0);
  }
}

export interface Harness {
  client: LiveClient;
  timers: FakeTimers;
  http: FakeFetch;
  frames: FakeFrames;
  credentials: Credentials;
}

export function makeClient(
  options: { eventSource?: boolean; webSocket?: boolean; random?: () => number; credentials?: Credentials; tuning?: LiveClientTuning } = {},
): Harness {
  FakeEventSource.instances = [];
  FakeWebSocket.instances = [];
  const timers = new FakeTimers();
  const http = new FakeFetch();
  const frames = new FakeFrames();
  const credentials: Credentials = options.credentials ?? {};
  const deps: LiveClientDeps = {
    baseUrl: 'http://gateway.test',
    fetch: http.fetch,
    ...(options.eventSource === false ? {} : { EventSource: FakeEventSource }),
    ...(options.webSocket === false ? {} : { WebSocket: FakeWebSocket }),
    now: timers.now,
    timers,
    random: options.random ?? (() => 0.5),
    requestFrame: frames.requestFrame,
    credentials: () => credentials,
  };
  return { client: new LiveClient(deps, options.tuning), timers, http, frames, credentials };
}
