import type { BoardState, MetricState, TopicName } from '../live/wire';

/** A topic's applied state, as views see it (the snapshot plus every update in order). */
export type TopicState =
  | { kind: 'metric'; topic: TopicName; epoch: string; seq: number; data: MetricState }
  | { kind: 'board'; topic: TopicName; epoch: string; seq: number; data: BoardState };

export function topicKind(topic: TopicName): 'metric' | 'board' | undefined {
  if (topic.startsWith('metric:')) return 'metric';
  if (topic.startsWith('board:')) return 'board';
  return undefined;
}
