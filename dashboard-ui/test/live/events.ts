// Builders of gateway events for the tests.
import type { BoardState, MetricState, PushEvent, SeriesState } from '../../src/live/wire';

export function series(tags: Record<string, string>, points: [number, number][], last = points[points.length - 1]?.[1] ?? 0): SeriesState {
  return { tags, last, count: points.length, sum: 0, min: 0, max: 0, rate: 1, p50: null, p90: null, p99: null, points };
}

export function metricSnapshot(name: string, seq: number, data: Partial<MetricState> = {}, epoch = 'e1', recovered?: boolean): PushEvent {
  return {
    type: 'snapshot',
    topic: `metric:${name}`,
    seq,
    epoch,
    data: { metric: name, series: [], ...data },
    ...(recovered === false ? { recovered: false } : {}),
  };
}

export function metricUpdate(name: string, seq: number, points: [number, number][] = [[1000 + seq, seq]], epoch = 'e1'): PushEvent {
  return {
    type: 'update',
    topic: `metric:${name}`,
    seq,
    epoch,
    data: { metric: name, series: [{ ...series({}, points), windowStartSecond: 0 }] },
  };
}

export function boardSnapshot(id: string, seq: number, entries: BoardState['entries'] = [], epoch = 'e1'): PushEvent {
  return { type: 'snapshot', topic: `board:${id}`, seq, epoch, data: { board: id, title: '', entries } };
}

export function boardUpdate(id: string, seq: number, entries: { id: string; score: number; rank: number; index: number }[], epoch = 'e1'): PushEvent {
  return { type: 'update', topic: `board:${id}`, seq, epoch, data: { board: id, entries } };
}

export function reset(topic: string, seq: number, epoch: string): PushEvent {
  return { type: 'reset', topic, seq, epoch, data: { reason: 'epoch_changed' } };
}
