import { describe, expect, it } from 'vitest';
import { applyMetricDelta } from '../../src/state/applyMetricDelta';
import { canonicalTagKey } from '../../src/state/canonicalTagKey';
import type { MetricDelta, MetricState } from '../../src/live/wire';
import { series } from '../live/events';

function delta(tags: Record<string, string>, points: [number, number][], windowStartSecond: number, last = 9): MetricDelta['series'][number] {
  return { ...series(tags, points, last), count: 42, rate: 7, p50: 1, p90: 2, p99: 3, windowStartSecond };
}

describe('applyMetricDelta', () => {
  it('replaces the scalars, drops points older than windowStartSecond and upserts the listed points by second', () => {
    const state: MetricState = { metric: 'cpu', series: [series({ host: 'a' }, [[10, 1], [11, 2], [12, 3], [14, 5]])] };
    const next = applyMetricDelta(state, { metric: 'cpu', series: [delta({ host: 'a' }, [[12, 30], [13, 4], [15, 6]], 11)] });

    expect(next.series[0]!.points).toEqual([[11, 2], [12, 30], [13, 4], [14, 5], [15, 6]]);
    expect(next.series[0]!).toMatchObject({ last: 9, count: 42, rate: 7, p50: 1, p90: 2, p99: 3 });
  });

  it('adds a series seen for the first time at its canonical (ordinal) place and keeps the untouched ones as they were', () => {
    const b = series({ host: 'b' }, [[10, 1]]);
    const lower = series({ host: 'a', zone: 'Z' }, [[10, 1]]);
    const state: MetricState = { metric: 'cpu', series: [lower, b] };
    const next = applyMetricDelta(state, {
      metric: 'cpu',
      series: [delta({ host: 'B' }, [[10, 5]], 0), delta({ host: 'a' }, [[10, 6]], 0)],
    });

    // Ordinal: 'host=B' < 'host=a' < 'host=a␞zone=Z' < 'host=b' (upper case sorts first).
    expect(next.series.map((s) => canonicalTagKey(s.tags))).toEqual(['host=B', 'host=a', 'host=a\u001ezone=Z', 'host=b']);
    expect(next.series[3]).toBe(b);
    expect(state.series).toEqual([lower, b]);
  });

  it('is idempotent: applying the same delta twice gives the same state', () => {
    const state: MetricState = { metric: 'cpu', series: [series({}, [[10, 1]])] };
    const change: MetricDelta = { metric: 'cpu', series: [delta({}, [[11, 2]], 10)] };
    const once = applyMetricDelta(state, change);
    expect(applyMetricDelta(once, change)).toEqual(once);
  });

  it('sorts the tags of a new series by key', () => {
    const next = applyMetricDelta({ metric: 'cpu', series: [] }, { metric: 'cpu', series: [delta({ z: '1', a: '2' }, [], 0)] });
    expect(Object.keys(next.series[0]!.tags)).toEqual(['a', 'z']);
  });

  it('refuses a delta of another metric', () => {
    expect(() => applyMetricDelta({ metric: 'cpu', series: [] }, { metric: 'mem', series: [] })).toThrow(/mem/);
  });
});
