import type { ConnectionStatus } from './ConnectionStatus';
import type { BoardCommand, TopicInfo, TopicName } from './wire';
import type { TopicState } from '../state/TopicState';

/** Stops a watch or a status listener. */
export type Unsubscribe = () => void;

export interface WatchOptions {
  /**
   * The topic takes commands from this page (the score control): it is carried over the WebSocket
   * rather than SSE, so a command's ack and the update it causes travel on one connection.
   */
  interactive?: boolean;
}

/** The outcome of a board command sent over the WebSocket. */
export type CommandResult =
  | { ok: true }
  | { ok: false; code: string; message: string };

/**
 * Everything views may ask of the live connection. Views never open sockets, fetch streams or parse
 * events: they watch topics and get applied state. Implemented by `LiveClient` (src/live/LiveClient.ts);
 * tests and the render benchmark use fakes.
 */
export interface LiveSource {
  /**
   * Follows a topic. `listener` gets the applied state at most once per animation frame (the newest
   * state when several updates arrived in between), first as soon as a snapshot is in. Several watches
   * of one topic share one subscription; the last unwatch unsubscribes.
   */
  watch(topic: TopicName, listener: (state: TopicState) => void, options?: WatchOptions): Unsubscribe;

  /** The current applied state of a watched topic, if its snapshot arrived. */
  current(topic: TopicName): TopicState | undefined;

  /** Follows the connection status (called at once with the current one). */
  onStatus(listener: (status: ConnectionStatus) => void): Unsubscribe;

  /** `GET /api/v1/topics`. */
  listTopics(): Promise<TopicInfo[]>;

  /**
   * Sends a board command over the WebSocket (`{"op":"command"}`) and resolves with its ack or error.
   * A durable ack means the update is on its way to every subscriber.
   */
  command(board: string, command: BoardCommand): Promise<CommandResult>;

  /**
   * Starts stopped connections again, e.g. after the user entered a key in the settings (the
   * credentials are read before every connection). Optional so fakes need not implement it.
   */
  restart?(): void;

  /** The user read the `reset` notice: the indicator goes back to live. Optional, as `restart`. */
  dismissReset?(): void;
}
