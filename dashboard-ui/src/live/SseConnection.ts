import type { EventSourceLike } from './LiveClientDeps';
import type { DisconnectNotice, PushEvent, TopicName } from './wire';

export interface SseHandlers {
  /** The gateway accepted the stream (its response headers arrived). */
  open(): void;
  /** One event and the stream's `id` after it (the composite cursor; empty if the gateway sent none). */
  event(event: PushEvent, id: string): void;
  /** The gateway's `disconnect` event: it ends the stream after this. */
  disconnect(notice: DisconnectNotice): void;
  /** The stream failed or dropped (EventSource gives no reason: a refusal looks like a drop). */
  error(): void;
}

/**
 * One `GET /api/v1/stream` attempt over EventSource. It never reconnects by itself: on the first error
 * it closes the EventSource, because the browser's own reconnect would reuse the single-use ticket
 * (`401`, then EventSource gives up for good) — StreamChannel reconnects with a new ticket and the
 * last id instead. After `close()` no handler is called.
 */
export class SseConnection {
  private readonly source: EventSourceLike;
  private closed = false;

  constructor(EventSourceCtor: new (url: string) => EventSourceLike, url: string, private readonly handlers: SseHandlers) {
    this.source = new EventSourceCtor(url);
    this.source.addEventListener('open', () => this.ifOpen(() => handlers.open()));
    for (const type of ['snapshot', 'update', 'reset', 'message']) {
      this.source.addEventListener(type, (message) => this.onMessage(message));
    }
    this.source.addEventListener('disconnect', (message) => this.onDisconnect(message));
    this.source.addEventListener('error', () =>
      this.ifOpen(() => {
        this.close();
        handlers.error();
      }),
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.source.close();
  }

  private onMessage(message: MessageEvent): void {
    this.ifOpen(() => {
      const event = parsePushEvent(message.data);
      if (event) this.handlers.event(event, message.lastEventId ?? '');
    });
  }

  private onDisconnect(message: MessageEvent): void {
    this.ifOpen(() => {
      const notice = parseNotice(message.data);
      this.close();
      this.handlers.disconnect(notice);
    });
  }

  private ifOpen(action: () => void): void {
    if (!this.closed) action();
  }
}

/** `/api/v1/stream?topic=A&topic=B&ticket=T&lastEventId=C`. */
export function streamUrl(baseUrl: string, topics: readonly TopicName[], ticket: string | undefined, cursor: string | undefined): string {
  const query = new URLSearchParams();
  for (const topic of topics) query.append('topic', topic);
  if (ticket) query.set('ticket', ticket);
  if (cursor) query.set('lastEventId', cursor);
  return `${baseUrl}/api/v1/stream?${query.toString()}`;
}

/** A push event from JSON text (an SSE `data`, a WebSocket message), or undefined when it is not one. */
export function parsePushEvent(data: unknown): PushEvent | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    return isPushEvent(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isPushEvent(value: unknown): value is PushEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v['type'] === 'snapshot' || v['type'] === 'update' || v['type'] === 'reset') &&
    typeof v['topic'] === 'string' &&
    typeof v['seq'] === 'number' &&
    typeof v['epoch'] === 'string'
  );
}

function parseNotice(data: unknown): DisconnectNotice {
  try {
    const value: unknown = typeof data === 'string' ? JSON.parse(data) : undefined;
    if (typeof value === 'object' && value !== null) {
      const v = value as Record<string, unknown>;
      if (typeof v['code'] === 'number') {
        return { code: v['code'], reason: typeof v['reason'] === 'string' ? v['reason'] : '', reconnect: v['reconnect'] !== false };
      }
    }
  } catch {
    // A disconnect we cannot read: treat it as a plain drop.
  }
  return { code: 4000, reason: 'disconnect', reconnect: true };
}
