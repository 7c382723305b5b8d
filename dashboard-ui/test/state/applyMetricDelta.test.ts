import { describe, expect, it } from 'vitest';
import { applyMetricDelta, mergePoints } from '../../src/state/applyMetricDelta';
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

  it('merges points like a map by second, whatever the shape of the delta (random cases against a reference)', () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let run = 0; run < 2_000; run++) {
      const held: [number, number][] = [];
      for (let second = random(5); held.length < random(12); second += 1 + random(3)) held.push([second, random(100)]);
      const changed: [number, number][] = Array.from({ length: random(5) }, () => [random(40), random(100)]);
      if (random(2) === 0) changed.sort((x, y) => x[0] - y[0]);
      const windowStart = random(20);

      const reference = new Map<number, number>();
      for (const [second, value] of held) if (second >= windowStart) reference.set(second, value);
      for (const [second, value] of [...changed].sort((x, y) => x[0] - y[0])) if (second >= windowStart) reference.set(second, value);
      const expected = [...reference].sort((x, y) => x[0] - y[0]);

      expect(mergePoints(held, changed, windowStart), JSON.stringify({ held, changed, windowStart })).toEqual(expected);
    }
  });
});
