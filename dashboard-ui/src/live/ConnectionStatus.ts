// What the connection indicator shows. The transport module is the only producer.

export type TransportKind = 'sse' | 'websocket' | 'longpoll';

export type ConnectionStatus =
  /** First connection under way (a later change of the topic set reopens the stream without leaving `live`). */
  | { state: 'connecting'; transport: TransportKind }
  /** Connected; events arrive as they happen. */
  | { state: 'live'; transport: TransportKind }
  /**
   * Reconnected after a drop and caught up from the last cursor: nothing was missed.
   * `replayed` is how many events the gateway sent to fill the gap. Shown for a few seconds, then `live`.
   */
  | { state: 'resumed'; transport: TransportKind; replayed: number }
  /**
   * Reconnected, but the history of `topics` was lost (the topic's grain restarted, or the client was
   * away longer than the replay window): their state was reloaded from a snapshot, so changes made
   * in between may have been skipped. Shown until the user dismisses it or the next drop.
   */
  | { state: 'reset'; transport: TransportKind; topics: string[] }
  /**
   * Dropped; the next attempt starts at `retryAt` (Unix ms; in the past while that attempt is under way).
   * `reason` says why it dropped; `attempt` counts retries since the connection was last healthy.
   */
  | { state: 'reconnecting'; transport: TransportKind; retryAt: number; attempt: number; reason: string }
  /** Stopped for good (a 4500-range code, or credentials refused): `reason` says what the user must do. */
  | { state: 'stopped'; transport: TransportKind; reason: string; code?: number };

export type ConnectionState = ConnectionStatus['state'];
