import type { ApplyOutcome } from '../state/applyPushEvent';
import type { ConnectionStatus } from './ConnectionStatus';
import type { PushEvent, TopicName } from './wire';

/** What a transport channel (StreamChannel, WebSocketChannel) needs from the client that owns it. */
export interface ChannelHost {
  /** The topics this channel should carry now. */
  topics(): TopicName[];
  /** Applies an event to the topic state; a `gap` makes the channel resynchronise the topic. */
  apply(event: PushEvent): ApplyOutcome | 'unwatched';
  /** Whether a resume must leave this topic's position out (no state yet, or waiting for a resync snapshot). */
  needsSnapshot(topic: TopicName): boolean;
  /** The channel's own status; undefined while it carries nothing (idle). */
  report(status: ConnectionStatus | undefined): void;
}
