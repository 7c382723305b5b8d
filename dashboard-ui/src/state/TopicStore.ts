import type { PushEvent, TopicName } from '../live/wire';
import type { FrameScheduler } from '../render/FrameScheduler';
import { applyPushEvent, EMPTY_RECORD, type ApplyOutcome, type TopicRecord } from './applyPushEvent';
import type { TopicState } from './TopicState';

/**
 * The applied state of every watched topic and the listeners that follow it. Events go in through
 * `apply` (from whichever transport carries the topic); listeners get the newest state through the
 * frame scheduler, at most once per frame each.
 *
 * A topic's state lives while someone watches it: the last unwatch forgets it, so a later watch
 * starts from a fresh snapshot rather than from a state that missed everything in between.
 */
export class TopicStore {
  private readonly records = new Map<TopicName, TopicRecord>();
  private readonly watchers = new Map<TopicName, Set<() => void>>();

  constructor(private readonly scheduler: FrameScheduler) {}

  /** Adds a listener; it gets the current state in the next frame if there is one, then every change. */
  watch(topic: TopicName, listener: (state: TopicState) => void): () => void {
    const task = (): void => {
      const state = this.records.get(topic)?.state;
      if (state) listener(state);
    };
    let set = this.watchers.get(topic);
    if (!set) {
      set = new Set();
      this.watchers.set(topic, set);
    }
    set.add(task);
    if (this.records.get(topic)?.state) this.scheduler.schedule(task);
    return () => {
      this.scheduler.cancel(task);
      const current = this.watchers.get(topic);
      if (!current?.delete(task) || current.size > 0) return;
      this.watchers.delete(topic);
      this.records.delete(topic);
    };
  }

  /** Whether anyone watches `topic`. */
  isWatched(topic: TopicName): boolean {
    return this.watchers.has(topic);
  }

  current(topic: TopicName): TopicState | undefined {
    return this.records.get(topic)?.state;
  }

  /**
   * Whether a resume must not name this topic's position: it has no state yet, or it waits for the
   * snapshot of a resync. The transports leave such topics out of their cursor so the gateway
   * sends a snapshot (PushCursor: a topic the cursor does not name starts with a snapshot).
   */
  needsSnapshot(topic: TopicName): boolean {
    const record = this.records.get(topic);
    return !record?.state || record.wait === 'resync';
  }

  /** Applies an event of a watched topic (events of unwatched topics are ignored: in flight after an unwatch). */
  apply(event: PushEvent): ApplyOutcome | 'unwatched' {
    if (!this.watchers.has(event.topic)) return 'unwatched';
    const result = applyPushEvent(this.records.get(event.topic) ?? EMPTY_RECORD, event);
    this.records.set(event.topic, result.record);
    if (result.changed) {
      for (const task of this.watchers.get(event.topic) ?? []) this.scheduler.schedule(task);
    }
    return result.outcome;
  }
}
