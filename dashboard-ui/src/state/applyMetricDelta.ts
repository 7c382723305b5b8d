import type { MetricDelta, MetricState, SecondPoint, SeriesState } from '../live/wire';
import { canonicalTagKey, compareOrdinal } from './canonicalTagKey';

type SeriesDelta = MetricDelta['series'][number];

/**
 * `MetricSnapshot.Apply` (Grains.Interfaces/Metrics) in TypeScript: each series of the delta replaces
 * the held series with the same tag set (scalars replaced, points older than `windowStartSecond`
 * dropped, listed points upserted by second) or joins the list at its canonical place; series the
 * delta does not name stay as they are (same object). Returns a new state; `state` is not changed.
 *
 * Idempotent, like the C# original: every value is absolute and keyed, so an overlapping replay is harmless.
 */
export function applyMetricDelta(state: MetricState, delta: MetricDelta): MetricState {
  if (delta.metric !== state.metric) {
    throw new Error(`A delta of metric '${delta.metric}' cannot be applied to metric '${state.metric}'.`);
  }
  if (delta.series.length === 0) return state;

  const keys = state.series.map((series) => canonicalTagKey(series.tags));
  const series = [...state.series];
  const indexByKey = new Map<string, number>();
  keys.forEach((key, index) => indexByKey.set(key, index));

  let added = false;
  for (const change of delta.series) {
    const key = canonicalTagKey(change.tags);
    const index = indexByKey.get(key);
    if (index !== undefined) {
      series[index] = applySeriesDelta(series[index]!.points, change, series[index]!.tags);
    } else {
      indexByKey.set(key, series.length);
      keys.push(key);
      series.push(applySeriesDelta([], change, sortedTags(change.tags)));
      added = true;
    }
  }

  if (!added) return { ...state, series };
  const order = series.map((_, index) => index).sort((a, b) => compareOrdinal(keys[a]!, keys[b]!));
  return { ...state, series: order.map((index) => series[index]!) };
}

function applySeriesDelta(held: readonly SecondPoint[], delta: SeriesDelta, tags: Record<string, string>): SeriesState {
  return {
    tags,
    last: delta.last,
    count: delta.count,
    sum: delta.sum,
    min: delta.min,
    max: delta.max,
    rate: delta.rate,
    p50: delta.p50,
    p90: delta.p90,
    p99: delta.p99,
    points: mergePoints(held, delta.points, delta.windowStartSecond),
  };
}

/** Held points from `windowStart` on, merged with `changed` (which win on an equal second), ascending. */
export function mergePoints(
  held: readonly SecondPoint[],
  changed: readonly SecondPoint[],
  windowStart: number,
): SecondPoint[] {
  const added = isAscending(changed) ? changed : [...changed].sort((a, b) => a[0] - b[0]);
  let h = firstAtOrAfter(held, windowStart);
  let a = 0;
  while (a < added.length && added[a]![0] < windowStart) a++;

  // The usual delta (one new or changed point at the end of the window) without a per-point loop:
  // the 50 × 20 updates/s budget is spent on rendering, not here.
  const tail = held[held.length - 1];
  const firstAdded = added[a];
  if (firstAdded === undefined) return held.slice(h);
  if (isStrictlyAscending(added, a)) {
    if (tail === undefined || h === held.length || firstAdded[0] > tail[0]) return held.slice(h).concat(added.slice(a));
    if (firstAdded[0] === tail[0]) return held.slice(h, held.length - 1).concat(added.slice(a));
  }

  const merged: SecondPoint[] = [];
  while (h < held.length || a < added.length) {
    const heldPoint = held[h];
    const addedPoint = added[a];
    if (addedPoint === undefined || (heldPoint !== undefined && heldPoint[0] < addedPoint[0])) {
      merged.push(heldPoint!);
      h++;
      continue;
    }
    if (heldPoint !== undefined && heldPoint[0] === addedPoint[0]) h++;
    // Of equal seconds within one delta (a grain never sends them) the later one wins, as in C#.
    const next = added[a + 1];
    if (next === undefined || next[0] !== addedPoint[0]) merged.push(addedPoint);
    a++;
  }
  return merged;
}

/** The index of the first point at or after `second` (binary search: points are ascending). */
function firstAtOrAfter(points: readonly SecondPoint[], second: number): number {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (points[middle]![0] < second) low = middle + 1;
    else high = middle;
  }
  return low;
}

function isStrictlyAscending(points: readonly SecondPoint[], from: number): boolean {
  for (let i = from + 1; i < points.length; i++) {
    if (points[i]![0] <= points[i - 1]![0]) return false;
  }
  return true;
}

function isAscending(points: readonly SecondPoint[]): boolean {
  for (let i = 1; i < points.length; i++) {
    if (points[i]![0] < points[i - 1]![0]) return false;
  }
  return true;
}

function sortedTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(tags).sort()) sorted[key] = tags[key]!;
  return sorted;
}
