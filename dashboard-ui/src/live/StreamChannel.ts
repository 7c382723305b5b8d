import type { ChannelHost } from './ChannelHost';
import { withoutTopics } from './CompositeCursor';
import type { ConnectionStatus, TransportKind } from './ConnectionStatus';
import { disconnectRule } from './DisconnectCodes';
import type { GatewayHttp } from './GatewayHttp';
import type { EventSourceLike, Timers } from './LiveClientDeps';
import type { Reconnector } from './Reconnector';
import { SseConnection, streamUrl } from './SseConnection';
import type { PushEvent, TopicName } from './wire';

export interface StreamChannelDeps {
  baseUrl: string;
  http: GatewayHttp;
  timers: Timers;
  now: () => number;
  EventSource?: new (url: string) => EventSourceLike;
  viewKey: () => string | undefined;
  reconnector: Reconnector;
}

export interface StreamChannelOptions {
  /** Topic-set changes within this window open one stream (a page watching 50 topics at start). */
  debounceMs: number;
  /** A stream opened for snapshots that delivers none in this time failed (a buffering proxy). */
  firstEventTimeoutMs: number;
  /** After this many silent SSE failures in a row on a reachable gateway, long-poll for the session. */
  silentFailuresBeforeLongPoll: number;
  /** After a (re)connect, how long the channel waits before saying live/resumed; updates in it count as replayed. */
  settleMs: number;
  /** How often topics the gateway did not know (404) are looked for again. */
  unknownRecheckMs: number;
  /** A long poll with no answer in this time (the gateway holds 25 s) is abandoned as a drop. */
  pollTimeoutMs: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamChannelOptions = {
  debounceMs: 50,
  firstEventTimeoutMs: 10_000,
  silentFailuresBeforeLongPoll: 2,
  settleMs: 1_000,
  unknownRecheckMs: 5_000,
  pollTimeoutMs: 40_000,
};

/**
 * The non-interactive topics over ONE push connection: SSE (`/api/v1/stream`), or long polling
 * (`/api/v1/poll`) when EventSource is missing or SSE does not work here. See LiveClient.ts for the
 * rules; in short:
 * - every (re)connect takes a new ticket and resumes from the last composite cursor, leaving out
 *   the segments of topics that need a snapshot (new topics, gaps);
 * - a topic-set change reopens the stream, debounced;
 * - drops retry with backoff; 4500+ codes and refused credentials stop;
 * - two SSE attempts in a row that failed silently (never opened, or opened for snapshots and
 *   delivered nothing) while `GET /api/v1/topics` answers switch to long polling for the session.
 */
export class StreamChannel {
  private mode: 'sse' | 'longpoll';
  private cursor: string | undefined;
  private generation = 0;
  private sse: SseConnection | undefined;
  private pollAbort: AbortController | undefined;
  private openTopics: TopicName[] = [];
  private readonly unknown = new Set<TopicName>();
  private silentFailures = 0;
  private dropped = false;
  private stopped = false;
  private active = false;
  private retryPending = false;
  private lastReported: ConnectionStatus | undefined;
  // The current attempt.
  private opened = false;
  private delivered = 0;
  private expectsSnapshots = false;
  private resuming = false;
  private announced = false;
  private replayed = 0;
  private forcePending = false;
  private debounceTimer: unknown;
  private firstEventTimer: unknown;
  private settleTimer: unknown;
  private unknownTimer: unknown;

  constructor(
    private readonly deps: StreamChannelDeps,
    private readonly host: ChannelHost,
    private readonly options: StreamChannelOptions = DEFAULT_STREAM_OPTIONS,
  ) {
    this.mode = deps.EventSource ? 'sse' : 'longpoll';
  }

  get transport(): TransportKind {
    return this.mode;
  }

  /** The composite cursor of the last event (for tests and debugging). */
  get lastCursor(): string | undefined {
    return this.cursor;
  }

  /** The topic set may have changed: reopen once the burst of watch/unwatch calls is over. */
  topicsChanged(): void {
    this.debounce(false);
  }

  /** `topic` needs a snapshot (a gap): reopen without its cursor segment. */
  resync(_topic: TopicName): void {
    // Long polling sends the cursor with every poll, so the next poll leaves the segment out by itself.
    if (this.mode === 'sse') this.debounce(true);
  }

  /** After a stop (new credentials): start again from the last cursor. */
  restart(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.silentFailures = 0;
    this.report(undefined);
    void this.open();
  }

  dispose(): void {
    this.stopped = true;
    this.generation++;
    this.closeConnection();
    this.clear('debounceTimer');
    this.clear('unknownTimer');
    this.deps.reconnector.dispose();
  }

  private debounce(force: boolean): void {
    if (this.stopped) return;
    const forced = force || this.forcePending;
    this.forcePending = forced;
    this.clear('debounceTimer');
    this.debounceTimer = this.deps.timers.setTimeout(() => {
      this.debounceTimer = undefined;
      this.forcePending = false;
      // A pending retry opens with the topic set and cursor of its time anyway.
      if (this.retryPending || this.stopped) return;
      if (!forced && this.active && sameTopics(this.wanted(), this.openTopics)) return;
      void this.open();
    }, this.options.debounceMs);
  }

  private wanted(): TopicName[] {
    return this.host.topics().filter((topic) => !this.unknown.has(topic)).sort();
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    this.closeConnection();
    this.retryPending = false;
    this.deps.reconnector.cancel();
    const topics = this.wanted();
    this.openTopics = topics;
    if (topics.length === 0) {
      this.active = false;
      this.report(undefined);
      return;
    }
    this.active = true;
    if (this.lastReported === undefined) this.report({ state: 'connecting', transport: this.mode });
    this.opened = false;
    this.delivered = 0;
    this.announced = false;
    this.replayed = 0;
    const cursor = this.resumeCursor(topics);
    this.resuming = this.dropped && cursor !== undefined;
    this.expectsSnapshots = topics.some((topic) => this.host.needsSnapshot(topic));
    if (this.mode === 'longpoll' || !this.deps.EventSource) {
      this.mode = 'longpoll';
      await this.pollLoop(generation, topics);
      return;
    }

    const ticket = await this.deps.http.issueTicket(this.deps.viewKey());
    if (generation !== this.generation) return;
    if (ticket.kind === 'refused') return this.stop(ticket.code);
    if (ticket.kind === 'failed') return this.drop(`no ticket: ${ticket.reason}`);

    this.sse = new SseConnection(this.deps.EventSource, streamUrl(this.deps.baseUrl, topics, ticket.value.ticket, cursor), {
      open: () => this.onOpen(generation),
      event: (event, id) => this.onEvent(generation, event, id),
      disconnect: (notice) => {
        if (generation !== this.generation) return;
        const rule = disconnectRule(notice.code, notice.reason);
        if (rule.reconnect) this.drop(rule.message);
        else this.stop(rule.code);
      },
      error: () => void this.onFailure(generation),
    });
    if (this.expectsSnapshots) {
      this.firstEventTimer = this.deps.timers.setTimeout(() => {
        this.firstEventTimer = undefined;
        void this.onFailure(generation);
      }, this.options.firstEventTimeoutMs);
    }
  }

  /** The last cursor without the segments of topics that need a snapshot; undefined when nothing is left. */
  private resumeCursor(topics: readonly TopicName[]): string | undefined {
    if (!this.cursor) return undefined;
    const cursor = withoutTopics(this.cursor, topics.filter((topic) => this.host.needsSnapshot(topic)));
    return cursor === '' ? undefined : cursor;
  }

  private onOpen(generation: number): void {
    if (generation !== this.generation) return;
    this.opened = true;
    this.deps.reconnector.connected();
    // Say live/resumed only once the connection held for a moment: a stopping gateway accepts a
    // stream only to send `disconnect` at once, and a resumed stream sends its missed events first.
    this.settleTimer = this.deps.timers.setTimeout(() => {
      this.settleTimer = undefined;
      if (generation === this.generation) this.announce();
    }, this.options.settleMs);
  }

  private announce(): void {
    if (this.announced) return;
    this.announced = true;
    this.clear('settleTimer');
    this.report(
      this.resuming
        ? { state: 'resumed', transport: this.mode, replayed: this.replayed }
        : { state: 'live', transport: this.mode },
    );
    this.dropped = false;
  }

  private onEvent(generation: number, event: PushEvent, cursor: string): void {
    if (generation !== this.generation) return;
    this.delivered++;
    this.silentFailures = 0;
    this.clear('firstEventTimer');
    if (!this.announced) {
      if (!this.resuming) this.announce();
      else if (event.type === 'update') this.replayed++;
    }
    const outcome = this.host.apply(event);
    // A reset does not move the gateway's cursor either; every other event's id is where we are.
    if (cursor) this.cursor = cursor;
    if (outcome === 'gap') this.resync(event.topic);
  }

  private async onFailure(generation: number): Promise<void> {
    if (generation !== this.generation) return;
    const silent = this.delivered === 0 && (!this.opened || this.expectsSnapshots);
    this.closeConnection();
    if (!silent) return this.drop('the connection dropped');

    // EventSource tells nothing about a failure: ask the gateway whether it answers, takes the key
    // and knows the topics. Only a failure on a reachable gateway counts towards long polling.
    const probe = await this.deps.http.listTopics(this.deps.viewKey());
    if (generation !== this.generation) return;
    if (probe.kind === 'refused') return this.stop(probe.code);
    if (probe.kind === 'failed') return this.drop('the gateway cannot be reached');
    if (this.noteUnknown(new Set(probe.value.map((info) => info.topic)))) return this.drop('waiting for topics nothing was written to yet');
    this.silentFailures++;
    if (this.mode === 'sse' && this.silentFailures >= this.options.silentFailuresBeforeLongPoll) {
      this.mode = 'longpoll';
      void this.open();
      return;
    }
    this.drop('the stream failed');
  }

  /** Sets aside watched topics the gateway does not list (they would refuse the whole stream with 404). */
  private noteUnknown(listed: Set<TopicName>): boolean {
    const missing = this.openTopics.filter((topic) => !listed.has(topic));
    for (const topic of missing) this.unknown.add(topic);
    if (missing.length > 0) this.scheduleUnknownRecheck();
    return missing.length > 0;
  }

  private scheduleUnknownRecheck(): void {
    if (this.unknownTimer !== undefined) return;
    this.unknownTimer = this.deps.timers.setTimeout(() => void this.recheckUnknown(), this.options.unknownRecheckMs);
  }

  private async recheckUnknown(): Promise<void> {
    this.unknownTimer = undefined;
    const wanted = new Set(this.host.topics());
    for (const topic of [...this.unknown]) if (!wanted.has(topic)) this.unknown.delete(topic);
    if (this.unknown.size === 0 || this.stopped) return;
    const listed = await this.deps.http.listTopics(this.deps.viewKey());
    if (listed.kind === 'ok') {
      const names = new Set(listed.value.map((info) => info.topic));
      const appeared = [...this.unknown].filter((topic) => names.has(topic));
      for (const topic of appeared) this.unknown.delete(topic);
      if (appeared.length > 0 && !this.retryPending) void this.open();
    }
    if (this.unknown.size > 0) this.scheduleUnknownRecheck();
  }

  private async pollLoop(generation: number, topics: TopicName[]): Promise<void> {
    while (generation === this.generation) {
      const abort = new AbortController();
      this.pollAbort = abort;
      const timeout = this.deps.timers.setTimeout(() => abort.abort(), this.options.pollTimeoutMs);
      const answer = await this.deps.http.poll(topics, this.resumeCursor(topics), this.deps.viewKey(), abort.signal);
      this.deps.timers.clearTimeout(timeout);
      if (generation !== this.generation) return;
      if (answer.kind === 'refused') return this.stop(answer.code);
      if (answer.kind === 'failed') {
        if (answer.status === 404) {
          const probe = await this.deps.http.listTopics(this.deps.viewKey());
          if (generation !== this.generation) return;
          if (probe.kind === 'ok' && this.noteUnknown(new Set(probe.value.map((info) => info.topic)))) {
            return this.drop('waiting for topics nothing was written to yet');
          }
        }
        return this.drop(answer.reason);
      }
      if (!this.opened) {
        this.opened = true;
        this.deps.reconnector.connected();
        if (this.resuming) this.replayed = answer.value.events.filter((event) => event.type === 'update').length;
      }
      for (const event of answer.value.events) {
        if (generation !== this.generation) return;
        this.delivered++;
        if (this.host.apply(event) === 'gap') this.resync(event.topic);
      }
      this.cursor = answer.value.cursor;
      this.announce();
    }
  }

  private drop(reason: string): void {
    this.closeConnection();
    this.active = true;
    if (this.cursor !== undefined) this.dropped = true;
    this.deps.reconnector.disconnected();
    this.retryPending = true;
    const { retryAt, attempt } = this.deps.reconnector.schedule(() => void this.open());
    this.report({ state: 'reconnecting', transport: this.mode, retryAt, attempt, reason });
  }

  private stop(code: number): void {
    this.stopped = true;
    this.generation++;
    this.closeConnection();
    this.deps.reconnector.dispose();
    this.report({ state: 'stopped', transport: this.mode, reason: disconnectRule(code).message, code });
  }

  private report(status: ConnectionStatus | undefined): void {
    this.lastReported = status;
    this.host.report(status);
  }

  private closeConnection(): void {
    this.sse?.close();
    this.sse = undefined;
    this.pollAbort?.abort();
    this.pollAbort = undefined;
    this.clear('firstEventTimer');
    this.clear('settleTimer');
  }

  private clear(timer: 'debounceTimer' | 'firstEventTimer' | 'settleTimer' | 'unknownTimer'): void {
    if (this[timer] !== undefined) this.deps.timers.clearTimeout(this[timer]);
    this[timer] = undefined;
  }
}

function sameTopics(left: readonly TopicName[], right: readonly TopicName[]): boolean {
  return left.length === right.length && left.every((topic, index) => topic === right[index]);
}
