/**
 * LiveClient: the dashboard's one transport module (STYLE.md rule 15). Views watch topics through
 * the LiveSource seam and never see a socket. Design rules, where README "The gateway" leaves a choice:
 *
 * Transports
 * - Non-interactive topics: ONE EventSource, `GET /api/v1/stream?topic=…&ticket=T&lastEventId=C`
 *   (StreamChannel). Watch/unwatch calls within 50 ms reopen it once. The client reconnects itself
 *   (it closes the EventSource on the first error: the browser's own retry would reuse the
 *   single-use ticket, get 401 and give up).
 * - Interactive watches and `command()`: one `/ws?ticket=T` socket (WebSocketChannel), one
 *   subscribe per topic. A topic with both kinds of watches is carried by the WebSocket only.
 *   Without a WebSocket constructor, interactive watches go over the stream and commands answer
 *   `unavailable`.
 * - Long polling replaces SSE for the rest of the session when EventSource is missing, or after 2
 *   SSE attempts in a row failed silently — never opened, or opened for snapshots and delivered
 *   none in 10 s (a buffering proxy) — while `GET /api/v1/topics` answered. Why: EventSource hides
 *   the reason of a failure, so the probe separates "the gateway is down" (keep retrying SSE, it
 *   will work again) from "the gateway is fine, SSE does not get through" (poll). Two, not one, so a
 *   single unlucky attempt during a restart does not downgrade the session. Polls carry
 *   `Authorization: Bearer <view key>` (no ticket needed), nothing in open mode.
 * - Tickets: a new `POST /api/v1/tickets` before every SSE/WebSocket connection; view key for SSE,
 *   the ingest key (else the view key) for the WebSocket, no header in open mode.
 *
 * Cursors and resynchronisation
 * - SSE/long poll keep the composite cursor of the last event (a reset does not move it, on the
 *   gateway either). A resume leaves out the segments of topics that need a snapshot — a topic
 *   watched for the first time, or one with a gap — so the gateway sends those a snapshot
 *   (PushCursor: a topic the cursor does not name starts with a snapshot, `recovered` true) while the
 *   others resume exactly (CompositeCursor.ts reads the segment's topic hash).
 * - WebSocket: each topic's last event `cursor`; reconnect = one subscribe per topic with its cursor.
 * - A gap (seq > last + 1, an update with no state, a delta that does not fit) is resynchronised
 *   WITHOUT the topic's cursor, i.e. from a fresh snapshot: the safest choice, since a cursor
 *   produced the gap (or the topic's history is gone) and a snapshot is always consistent. Updates
 *   of that topic are ignored until the snapshot. Duplicates (same epoch, seq ≤ last) are ignored.
 * - An update of another epoch without a reset is treated like a reset: the old state is kept,
 *   flagged `stale`, until the new epoch's snapshot; if an update comes instead, resync.
 *
 * Reconnect and status
 * - Backoff 1 s → 60 s (doubling) ±10 % jitter; back to 1 s once a connection stayed open 15 s.
 * - Codes 4000–4499 (SSE `disconnect`, WebSocket close) reconnect with backoff from the last
 *   cursor; every reconnect takes a new ticket, which is what 4001 asks for. 4500+ and 401/403 on a
 *   ticket, the stream probe or a poll stop the channel (`stopped`, code 4501/4502 for credentials)
 *   until `restart()` (e.g. after the user typed a key).
 * - A (re)connect says live/resumed once it held for 1 s or delivered its first event (a stopping
 *   gateway accepts a stream only to send `disconnect` at once); `replayed` counts the updates that
 *   arrived in that second after a resume. The indicator combines SSE and WebSocket: see StatusBoard.
 *   While a retry is under way the status stays `reconnecting` (retryAt in the past).
 */
import { FrameScheduler, browserRequestFrame } from '../render/FrameScheduler';
import type { ApplyOutcome } from '../state/applyPushEvent';
import { TopicStore } from '../state/TopicStore';
import type { TopicState } from '../state/TopicState';
import { Backoff } from './Backoff';
import type { ChannelHost } from './ChannelHost';
import type { ConnectionStatus } from './ConnectionStatus';
import { loadCredentials } from './Credentials';
import { GatewayHttp } from './GatewayHttp';
import type { LiveClientDeps } from './LiveClientDeps';
import type { CommandResult, LiveSource, Unsubscribe, WatchOptions } from './LiveSource';
import { Reconnector } from './Reconnector';
import { StatusBoard, type ChannelName } from './StatusBoard';
import { DEFAULT_STREAM_OPTIONS, StreamChannel, type StreamChannelOptions } from './StreamChannel';
import { WebSocketChannel } from './WebSocketChannel';
import type { BoardCommand, PushEvent, TopicInfo, TopicName } from './wire';

export interface LiveClientTuning {
  stream?: Partial<StreamChannelOptions>;
  commandTimeoutMs?: number;
  resumedForMs?: number;
  healthyAfterMs?: number;
}

export class LiveClient implements LiveSource {
  private readonly scheduler: FrameScheduler;
  private readonly store: TopicStore;
  private readonly http: GatewayHttp;
  private readonly status: StatusBoard;
  private readonly stream: StreamChannel;
  private readonly socket: WebSocketChannel | undefined;
  /** Per topic: how many watches, and how many of them interactive. */
  private readonly watchCounts = new Map<TopicName, { all: number; interactive: number }>();

  constructor(private readonly deps: LiveClientDeps, tuning: LiveClientTuning = {}) {
    this.scheduler = new FrameScheduler(deps.requestFrame);
    this.store = new TopicStore(this.scheduler);
    this.http = new GatewayHttp(deps.baseUrl, deps.fetch);
    this.status = new StatusBoard(deps.timers, tuning.resumedForMs, deps.EventSource ? 'sse' : 'longpoll');
    const reconnector = (): Reconnector => new Reconnector(new Backoff(deps.random), deps.timers, deps.now, tuning.healthyAfterMs);

    this.stream = new StreamChannel(
      {
        baseUrl: deps.baseUrl,
        http: this.http,
        timers: deps.timers,
        now: deps.now,
        ...(deps.EventSource ? { EventSource: deps.EventSource } : {}),
        viewKey: () => deps.credentials().viewKey,
        reconnector: reconnector(),
      },
      this.host('stream', (topic) => !this.socket || !this.isInteractive(topic)),
      { ...DEFAULT_STREAM_OPTIONS, ...tuning.stream },
    );
    this.socket = deps.WebSocket
      ? new WebSocketChannel(
          {
            socketBaseUrl: deps.baseUrl.replace(/^http/, 'ws'),
            http: this.http,
            timers: deps.timers,
            WebSocket: deps.WebSocket,
            credentials: deps.credentials,
            reconnector: reconnector(),
            ...(tuning.commandTimeoutMs !== undefined ? { commandTimeoutMs: tuning.commandTimeoutMs } : {}),
          },
          this.host('websocket', (topic) => this.isInteractive(topic)),
        )
      : undefined;
  }

  watch(topic: TopicName, listener: (state: TopicState) => void, options?: WatchOptions): Unsubscribe {
    const interactive = options?.interactive === true;
    const counts = this.watchCounts.get(topic) ?? { all: 0, interactive: 0 };
    const wasInteractive = counts.interactive > 0;
    const isNew = counts.all === 0;
    counts.all++;
    if (interactive) counts.interactive++;
    this.watchCounts.set(topic, counts);
    const stop = this.store.watch(topic, listener);
    if (isNew || wasInteractive !== counts.interactive > 0) this.topicsChanged();

    let active = true;
    return () => {
      if (!active) return;
      active = false;
      stop();
      const held = this.watchCounts.get(topic);
      if (!held) return;
      const before = held.interactive > 0;
      held.all--;
      if (interactive) held.interactive--;
      if (held.all === 0) this.watchCounts.delete(topic);
      if (held.all === 0 || before !== held.interactive > 0) this.topicsChanged();
    };
  }

  current(topic: TopicName): TopicState | undefined {
    return this.store.current(topic);
  }

  onStatus(listener: (status: ConnectionStatus) => void): Unsubscribe {
    return this.status.onStatus(listener);
  }

  async listTopics(): Promise<TopicInfo[]> {
    const answer = await this.http.listTopics(this.deps.credentials().viewKey);
    if (answer.kind === 'ok') return answer.value;
    throw new Error(answer.kind === 'refused' ? `The gateway refused the key (${answer.reason}).` : `Topics could not be loaded: ${answer.reason}.`);
  }

  command(board: string, command: BoardCommand): Promise<CommandResult> {
    if (!this.socket) {
      return Promise.resolve({ ok: false, code: 'unavailable', message: 'This browser has no WebSocket: commands cannot be sent.' });
    }
    return this.socket.command(board, command);
  }

  /** The status shown now. */
  get currentStatus(): ConnectionStatus {
    return this.status.current;
  }

  /** Every state the indicator showed, in order (`window.liveDash.statusLog`). */
  get statusLog(): readonly string[] {
    return this.status.statusLog;
  }

  /** Animation frames in which at least one watch listener ran (`window.liveDash.frames`). */
  get frames(): number {
    return this.scheduler.frames;
  }

  /** Watch listener calls in all, at most one per watch per frame (`window.liveDash.renders`). */
  get renders(): number {
    return this.scheduler.renders;
  }

  /** The user read the `reset` notice: back to live. */
  dismissReset(): void {
    this.status.dismissReset();
  }

  /** Starts stopped channels again (after the user entered a key). */
  restart(): void {
    this.stream.restart();
    this.socket?.restart();
  }

  dispose(): void {
    this.stream.dispose();
    this.socket?.dispose();
  }

  private isInteractive(topic: TopicName): boolean {
    return (this.watchCounts.get(topic)?.interactive ?? 0) > 0;
  }

  private topicsChanged(): void {
    this.stream.topicsChanged();
    this.socket?.topicsChanged();
  }

  private host(channel: ChannelName, carries: (topic: TopicName) => boolean): ChannelHost {
    return {
      topics: () => [...this.watchCounts.keys()].filter(carries),
      apply: (event) => this.apply(event),
      needsSnapshot: (topic) => this.store.needsSnapshot(topic),
      report: (status) => this.status.report(channel, status),
    };
  }

  private apply(event: PushEvent): ApplyOutcome | 'unwatched' {
    const outcome = this.store.apply(event);
    if (outcome === 'reset' || outcome === 'unrecovered-snapshot' || outcome === 'epoch-changed') {
      this.status.topicReset(event.topic);
    }
    return outcome;
  }
}

/** The live client of the page: same origin, the browser's EventSource/WebSocket/fetch, keys from the settings. */
export function createLiveClient(tuning?: LiveClientTuning): LiveClient {
  return new LiveClient(
    {
      baseUrl: location.origin,
      fetch: (input, init) => fetch(input, init),
      ...(typeof EventSource === 'function' ? { EventSource } : {}),
      ...(typeof WebSocket === 'function' ? { WebSocket } : {}),
      now: () => Date.now(),
      timers: { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as number) },
      random: () => Math.random(),
      requestFrame: browserRequestFrame(),
      credentials: () => loadCredentials(),
    },
    tuning,
  );
}
