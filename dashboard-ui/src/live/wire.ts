// The gateway's wire objects, as README.md "The gateway" and CONTRACT.md describe them.
// Only the transport module (src/live/) reads or writes these on sockets; views see the
// applied topic state (src/state/).

/** A topic name: `metric:<name>` or `board:<id>`. */
export type TopicName = string;

export type PushEventType = 'snapshot' | 'update' | 'reset';

/** One event, the same object on every transport (the SSE `data`, a long-poll array item). */
export interface PushEvent<TData = unknown> {
  type: PushEventType;
  topic: TopicName;
  seq: number;
  epoch: string;
  data: TData;
  /** `false` on a snapshot that replaces events the gateway could no longer replay. */
  recovered?: boolean;
}

/** A WebSocket event: the same object plus `op` and this topic's own cursor (absent on a reset). */
export interface WebSocketEvent<TData = unknown> extends PushEvent<TData> {
  op: 'event';
  cursor?: string;
}

/** One point per second: `[unix second, average of that second]`. */
export type SecondPoint = [number, number];

export interface SeriesState {
  tags: Record<string, string>;
  last: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Points per second over the last minute. */
  rate: number;
  /** Quantiles over the last 5 minutes; `null` when no sample is that recent (SeriesSnapshot.cs). */
  p50: number | null;
  p90: number | null;
  p99: number | null;
  /** One point per second for the last 5 minutes, oldest first. */
  points: SecondPoint[];
}

/** A metric topic's snapshot `data`. */
export interface MetricState {
  metric: string;
  series: SeriesState[];
}

/** A metric update's `data`: every changed series whole, with only its new or changed points. */
export interface MetricDelta {
  metric: string;
  series: (SeriesState & { windowStartSecond: number })[];
}

export interface BoardEntry {
  id: string;
  /** An integer. */
  score: number;
  rank: number;
}

/** A board topic's snapshot `data`: entries ranked by score, descending. */
export interface BoardState {
  board: string;
  /** Empty until a command sets one. */
  title?: string;
  entries: BoardEntry[];
}

/** A board update's `data`: the entries whose score, rank or place changed, each with its place. */
export interface BoardDelta {
  board: string;
  /** Absent when the title did not change. */
  title?: string;
  entries: (BoardEntry & { index: number })[];
}

/** A reset's `data`. */
export interface ResetData {
  reason: string;
}

/** The body of `POST /api/v1/boards/{id}` and of a WebSocket `command`. */
export interface BoardCommand {
  batchId?: string;
  title?: string;
  set?: Record<string, number>;
  add?: Record<string, number>;
}

/** An item of `GET /api/v1/topics`. */
export interface TopicInfo {
  topic: TopicName;
  kind: 'metric' | 'board';
  /** Unix ms. */
  updatedAt: number;
}

/** The SSE `disconnect` event's data; also what a WebSocket close code maps to. */
export interface DisconnectNotice {
  code: number;
  reason: string;
  reconnect: boolean;
}

/** `POST /api/v1/tickets`. */
export interface TicketResponse {
  ticket: string;
  /** Unix ms. */
  expiresAt: number;
}

/** `GET /api/v1/poll`'s answer. */
export interface LongPollResponse {
  events: PushEvent[];
  /** Covers every requested topic: send it with the next poll. */
  cursor: string;
}

/** Server → client WebSocket messages other than events. */
export type WebSocketReply =
  | { op: 'ack'; id: string }
  | { op: 'error'; id?: string; code: string; message: string }
  | { op: 'pong'; id?: string };
