import type { ChannelHost } from './ChannelHost';
import { CommandBook } from './CommandBook';
import type { ConnectionStatus } from './ConnectionStatus';
import type { Credentials } from './Credentials';
import { disconnectRule } from './DisconnectCodes';
import type { GatewayHttp } from './GatewayHttp';
import { SOCKET_OPEN, type Timers, type WebSocketLike } from './LiveClientDeps';
import type { CommandResult } from './LiveSource';
import type { Reconnector } from './Reconnector';
import { isPushEvent } from './SseConnection';
import type { BoardCommand, TopicName, WebSocketEvent } from './wire';

export interface WebSocketChannelDeps {
  /** `ws://host:port` or `wss://…`. */
  socketBaseUrl: string;
  http: GatewayHttp;
  timers: Timers;
  WebSocket: new (url: string) => WebSocketLike;
  credentials: () => Credentials;
  reconnector: Reconnector;
  commandTimeoutMs?: number;
  debounceMs?: number;
  settleMs?: number;
  unknownRetryMs?: number;
}

/**
 * The interactive topics and the commands over one `/ws?ticket=` socket.
 * - Opened while an interactive topic is watched; its ticket comes from the ingest key when one is
 *   set (commands need the ingest scope), else the view key, else none (open mode).
 * - One `subscribe` per topic, with that topic's last event `cursor` on a reconnect (a `reset`
 *   carries none: the old one is kept until the snapshot); a topic that needs a snapshot goes
 *   without. A gap: unsubscribe, then subscribe without a cursor (requests are handled in order, so
 *   the snapshot is the topic's next event).
 * - Close codes follow DisconnectCodes; a socket that closes before opening is diagnosed like an SSE
 *   failure (`GET /api/v1/topics` with the same key: 401/403 stop).
 * - The gateway's ping frames are answered by the browser itself; nothing to do here.
 */
export class WebSocketChannel {
  private socket: WebSocketLike | undefined;
  private generation = 0;
  private readonly cursors = new Map<TopicName, string>();
  private readonly subscribed = new Set<TopicName>();
  private readonly commands: CommandBook;
  private requestCounter = 0;
  private readonly subscribeRequests = new Map<string, TopicName>();
  private opened = false;
  private dropped = false;
  private resuming = false;
  private announced = false;
  private replayed = 0;
  private stopped = false;
  private retryPending = false;
  /** A ticket is being fetched for a new socket. */
  private connecting = false;
  private lastReported: ConnectionStatus | undefined;
  private debounceTimer: unknown;
  private settleTimer: unknown;

  constructor(
    private readonly deps: WebSocketChannelDeps,
    private readonly host: ChannelHost,
  ) {
    this.commands = new CommandBook(deps.timers, deps.commandTimeoutMs ?? 10_000);
  }

  /** Each topic's last event cursor (for tests and debugging). */
  get topicCursors(): ReadonlyMap<TopicName, string> {
    return this.cursors;
  }

  topicsChanged(): void {
    if (this.debounceTimer !== undefined) this.deps.timers.clearTimeout(this.debounceTimer);
    this.debounceTimer = this.deps.timers.setTimeout(() => {
      this.debounceTimer = undefined;
      this.sync();
    }, this.deps.debounceMs ?? 50);
  }

  /** Sends a board command; settles with the gateway's ack or error, a timeout, or `unavailable`. */
  command(board: string, command: BoardCommand): Promise<CommandResult> {
    const socket = this.socket;
    if (!socket || !this.opened || socket.readyState !== SOCKET_OPEN) {
      return Promise.resolve({ ok: false, code: 'unavailable', message: 'Not connected to the gateway right now; try again when the indicator shows live.' });
    }
    const { id, result } = this.commands.register();
    socket.send(JSON.stringify({ op: 'command', topic: `board:${board}`, command, id }));
    return result;
  }

  /** A gap on `topic`: get its snapshot again. */
  resync(topic: TopicName): void {
    if (!this.opened || !this.subscribed.has(topic)) return;
    this.cursors.delete(topic);
    this.send({ op: 'unsubscribe', topics: [topic] });
    this.subscribe(topic);
  }

  restart(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.report(undefined);
    this.sync();
  }

  dispose(): void {
    this.stopped = true;
    this.closeSocket('the page closed the connection');
    this.deps.reconnector.dispose();
  }

  private sync(): void {
    if (this.stopped || this.retryPending) return;
    const wanted = new Set(this.host.topics());
    if (wanted.size === 0) {
      if (this.socket) this.closeSocket('no interactive widget is open');
      this.cursors.clear();
      this.report(undefined);
      return;
    }
    if (!this.socket) {
      if (!this.connecting) void this.open();
      return;
    }
    if (!this.opened) return; // `open` subscribes whatever is wanted then.
    for (const topic of [...this.subscribed]) {
      if (wanted.has(topic)) continue;
      this.subscribed.delete(topic);
      this.cursors.delete(topic);
      this.send({ op: 'unsubscribe', topics: [topic] });
    }
    for (const topic of wanted) if (!this.subscribed.has(topic)) this.subscribe(topic);
  }

  private async open(): Promise<void> {
    const generation = ++this.generation;
    this.retryPending = false;
    if (this.lastReported === undefined) this.report({ state: 'connecting', transport: 'websocket' });
    this.connecting = true;
    const ticket = await this.deps.http.issueTicket(this.socketKey());
    if (generation !== this.generation || this.stopped) return;
    this.connecting = false;
    if (ticket.kind === 'refused') return this.stop(ticket.code);
    if (ticket.kind === 'failed') return this.drop(`no ticket: ${ticket.reason}`);

    const socket = new this.deps.WebSocket(`${this.deps.socketBaseUrl}/ws?ticket=${encodeURIComponent(ticket.value.ticket)}`);
    this.socket = socket;
    this.opened = false;
    this.announced = false;
    this.replayed = 0;
    this.resuming = this.dropped && this.cursors.size > 0;
    socket.addEventListener('open', () => {
      if (generation !== this.generation) return;
      this.opened = true;
      this.deps.reconnector.connected();
      this.subscribed.clear();
      for (const topic of this.host.topics()) this.subscribe(topic);
      this.settleTimer = this.deps.timers.setTimeout(() => {
        this.settleTimer = undefined;
        if (generation === this.generation) this.announce();
      }, this.deps.settleMs ?? 1_000);
    });
    socket.addEventListener('message', (message) => {
      if (generation === this.generation) this.onMessage(message.data);
    });
    socket.addEventListener('close', (event) => {
      if (generation === this.generation) void this.onClose(generation, event.code, event.reason);
    });
  }

  private socketKey(): string | undefined {
    const credentials = this.deps.credentials();
    return credentials.ingestKey ?? credentials.viewKey;
  }

  private subscribe(topic: TopicName): void {
    const id = `s${++this.requestCounter}`;
    this.subscribeRequests.set(id, topic);
    this.subscribed.add(topic);
    const cursor = this.host.needsSnapshot(topic) ? undefined : this.cursors.get(topic);
    this.send(cursor ? { op: 'subscribe', topics: [topic], cursor, id } : { op: 'subscribe', topics: [topic], id });
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as Record<string, unknown>;
    const id = typeof m['id'] === 'string' ? m['id'] : undefined;
    switch (m['op']) {
      case 'event':
        if (isPushEvent(message)) this.onEvent(message as WebSocketEvent);
        return;
      case 'ack':
        if (id !== undefined) {
          this.subscribeRequests.delete(id);
          this.commands.settle(id, { ok: true });
        }
        return;
      case 'error': {
        const code = typeof m['code'] === 'string' ? m['code'] : 'error';
        const text = typeof m['message'] === 'string' ? m['message'] : code;
        if (id === undefined) return;
        if (this.commands.has(id)) {
          this.commands.settle(id, { ok: false, code, message: text });
          return;
        }
        const topic = this.subscribeRequests.get(id);
        this.subscribeRequests.delete(id);
        // A subscribe that failed (unknown_topic, unavailable): try it again later.
        if (topic !== undefined) this.retrySubscribe(topic);
        return;
      }
      default:
        return;
    }
  }

  private retrySubscribe(topic: TopicName): void {
    this.subscribed.delete(topic);
    const generation = this.generation;
    this.deps.timers.setTimeout(() => {
      if (generation === this.generation && this.opened && !this.subscribed.has(topic) && this.host.topics().includes(topic)) {
        this.subscribe(topic);
      }
    }, this.deps.unknownRetryMs ?? 5_000);
  }

  private onEvent(event: WebSocketEvent): void {
    if (!this.subscribed.has(event.topic)) return;
    if (!this.announced) {
      if (!this.resuming) this.announce();
      else if (event.type === 'update') this.replayed++;
    }
    const outcome = this.host.apply(event);
    if (event.cursor && outcome !== 'gap') this.cursors.set(event.topic, event.cursor);
    if (outcome === 'gap') this.resync(event.topic);
  }

  private announce(): void {
    if (this.announced) return;
    this.announced = true;
    this.clearSettle();
    this.report(this.resuming ? { state: 'resumed', transport: 'websocket', replayed: this.replayed } : { state: 'live', transport: 'websocket' });
    this.dropped = false;
  }

  private async onClose(generation: number, code: number, reason: string): Promise<void> {
    const wasOpen = this.opened;
    this.socket = undefined;
    this.opened = false;
    this.clearSettle();
    this.commands.failAll('The connection closed before the gateway answered; the command may or may not have applied.');
    const rule = disconnectRule(code, reason);
    if (!rule.reconnect) return this.stop(rule.code);
    if (!wasOpen) {
      // A refused upgrade closes with 1006 and no status: ask with the same key whether it is taken.
      const probe = await this.deps.http.listTopics(this.socketKey());
      if (generation !== this.generation) return;
      if (probe.kind === 'refused') return this.stop(probe.code);
    }
    this.drop(rule.message);
  }

  private drop(reason: string): void {
    this.socket = undefined;
    this.opened = false;
    if (this.cursors.size > 0) this.dropped = true;
    this.deps.reconnector.disconnected();
    this.retryPending = true;
    const { retryAt, attempt } = this.deps.reconnector.schedule(() => {
      this.retryPending = false;
      this.generation++;
      if (this.host.topics().length > 0) void this.open();
      else this.sync();
    });
    this.report({ state: 'reconnecting', transport: 'websocket', retryAt, attempt, reason });
  }

  private stop(code: number): void {
    this.stopped = true;
    this.generation++;
    this.closeSocket('stopped');
    this.deps.reconnector.dispose();
    this.report({ state: 'stopped', transport: 'websocket', reason: disconnectRule(code).message, code });
  }

  private closeSocket(reason: string): void {
    const socket = this.socket;
    this.generation++;
    this.connecting = false;
    this.socket = undefined;
    this.opened = false;
    this.subscribed.clear();
    this.clearSettle();
    this.commands.failAll('The connection closed before the gateway answered; the command may or may not have applied.');
    if (socket) socket.close(1000, reason);
  }

  private send(message: object): void {
    if (this.socket && this.opened) this.socket.send(JSON.stringify(message));
  }

  private clearSettle(): void {
    if (this.settleTimer !== undefined) this.deps.timers.clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
  }

  private report(status: ConnectionStatus | undefined): void {
    this.lastReported = status;
    this.host.report(status);
  }
}
