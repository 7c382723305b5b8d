import type { ConnectionState, ConnectionStatus, TransportKind } from './ConnectionStatus';
import type { Timers } from './LiveClientDeps';
import type { TopicName } from './wire';

export type ChannelName = 'stream' | 'websocket';

/** Worst first: the state the combined indicator shows when the channels disagree. */
const SEVERITY: readonly ConnectionState[] = ['stopped', 'reconnecting', 'connecting', 'reset', 'resumed', 'live'];

/**
 * Combines the statuses of the stream channel (SSE or long polling) and the WebSocket into the one
 * indicator, and keeps `statusLog` (every state shown, in order).
 *
 * Rules:
 * - an idle channel (nothing to carry) does not count; with both idle the indicator keeps its last
 *   status (`connecting` at first);
 * - otherwise the worse of the two wins: stopped > reconnecting > connecting > resumed > live, so
 *   "live" means everything on the page is live; on a tie the stream channel's status is shown;
 * - `resumed` turns into `live` after `resumedForMs` (3 s);
 * - topics whose history was lost (a `reset`, a `recovered:false` snapshot) turn live/resumed into
 *   `reset` listing them, until the user dismisses it or the next drop.
 */
export class StatusBoard {
  private readonly channels = new Map<ChannelName, ConnectionStatus>();
  private readonly resumedTimers = new Map<ChannelName, unknown>();
  private readonly resetTopics: TopicName[] = [];
  private readonly listeners = new Set<(status: ConnectionStatus) => void>();
  private shown: ConnectionStatus;
  private shownKey: string;
  /** Every state the indicator showed, in order (consecutive repeats once): `window.liveDash.statusLog`. */
  readonly statusLog: string[] = ['connecting'];

  constructor(
    private readonly timers: Timers,
    private readonly resumedForMs = 3_000,
    initialTransport: TransportKind = 'sse',
  ) {
    this.shown = { state: 'connecting', transport: initialTransport };
    this.shownKey = JSON.stringify(this.shown);
  }

  get current(): ConnectionStatus {
    return this.shown;
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.shown);
    return () => this.listeners.delete(listener);
  }

  report(channel: ChannelName, status: ConnectionStatus | undefined): void {
    const timer = this.resumedTimers.get(channel);
    if (timer !== undefined) this.timers.clearTimeout(timer);
    this.resumedTimers.delete(channel);
    if (status === undefined) this.channels.delete(channel);
    else this.channels.set(channel, status);
    if (status?.state === 'reconnecting') this.resetTopics.length = 0;
    if (status?.state === 'resumed') {
      this.resumedTimers.set(
        channel,
        this.timers.setTimeout(() => {
          this.resumedTimers.delete(channel);
          const held = this.channels.get(channel);
          if (held?.state === 'resumed') this.report(channel, { state: 'live', transport: held.transport });
        }, this.resumedForMs),
      );
    }
    this.publish();
  }

  /** A topic's history was lost. */
  topicReset(topic: TopicName): void {
    if (!this.resetTopics.includes(topic)) this.resetTopics.push(topic);
    this.publish();
  }

  /** The user read the reset notice. */
  dismissReset(): void {
    this.resetTopics.length = 0;
    this.publish();
  }

  private publish(): void {
    const next = this.combine();
    if (!next) return;
    const key = JSON.stringify(next);
    if (key === this.shownKey) return;
    this.shownKey = key;
    if (this.shown.state !== next.state) this.statusLog.push(next.state);
    this.shown = next;
    for (const listener of [...this.listeners]) listener(next);
  }

  private combine(): ConnectionStatus | undefined {
    let worst: ConnectionStatus | undefined;
    for (const name of ['stream', 'websocket'] as const) {
      const status = this.channels.get(name);
      if (status && (!worst || SEVERITY.indexOf(status.state) < SEVERITY.indexOf(worst.state))) worst = status;
    }
    if (!worst) return this.resetTopics.length > 0 && (this.shown.state === 'live' || this.shown.state === 'resumed' || this.shown.state === 'reset')
      ? { state: 'reset', transport: this.shown.transport, topics: [...this.resetTopics] }
      : undefined;
    if (this.resetTopics.length > 0 && (worst.state === 'live' || worst.state === 'resumed')) {
      return { state: 'reset', transport: worst.transport, topics: [...this.resetTopics] };
    }
    return worst;
  }
}
