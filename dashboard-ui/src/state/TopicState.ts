import type { BoardState, MetricState, TopicName } from '../live/wire';

/**
 * A topic's applied state, as views see it (the snapshot plus every update in order).
 *
 * Immutable: every applied event produces a new object (and new `data`, new arrays for what changed;
 * unchanged series and entries keep their identity), so a view compares the state it rendered last
 * with the new one to see what changed (a board's rank changes, a metric's new points). `epoch` and
 * `seq` identify the version.
 */
export type TopicState =
  | { kind: 'metric'; topic: TopicName; epoch: string; seq: number; data: MetricState; stale?: boolean }
  | { kind: 'board'; topic: TopicName; epoch: string; seq: number; data: BoardState; stale?: boolean };
// `stale: true`: the topic's history was lost (a `reset`, or an update of a new epoch); this is
// the last state known, shown until the new epoch's snapshot replaces it.

export function topicKind(topic: TopicName): 'metric' | 'board' | undefined {
  if (topic.startsWith('metric:')) return 'metric';
  if (topic.startsWith('board:')) return 'board';
  return undefined;
}
