// uPlot plots columnar data: one x array shared by every series and one y array per series, of
// the same length. A metric's series each carry their own `[second, avg]` points (a tag set that
// started later, or skipped seconds, has fewer), so the chart's data is the union of their seconds.
//
// A second where a series has no point is one of two things to uPlot: `null` breaks the line (a
// gap: the series stopped reporting), `undefined` is skipped and the line joins its neighbours.
// A series that reports every 2 s (the gateway's self-metrics) has a hole every other second
// that is its rhythm, not an outage: holes up to twice the series' usual spacing are joined.

import type { SecondPoint } from '../live/wire';

export interface AlignedSeries {
  /** Unix seconds, ascending, each once. */
  x: number[];
  /** One array per input series, `x.length` long: the value at that second; null = a gap, undefined = joined over. */
  ys: (number | null | undefined)[][];
}

/** The longest spacing (seconds) between two points of a series that is drawn as one line. */
export function joinedSpacing(points: readonly SecondPoint[]): number {
  const spacings: number[] = [];
  for (let i = 1; i < points.length; i += 1) {
    const previous = points[i - 1];
    const current = points[i];
    if (previous && current) spacings.push(current[0] - previous[0]);
  }
  if (spacings.length === 0) return 2;
  spacings.sort((a, b) => a - b);
  const median = spacings[Math.floor(spacings.length / 2)] ?? 1;
  return Math.max(2, 2 * median);
}

export function alignSeries(series: readonly (readonly SecondPoint[])[]): AlignedSeries {
  const seconds = new Set<number>();
  for (const points of series) for (const [second] of points) seconds.add(second);
  const x = [...seconds].sort((a, b) => a - b);
  const indexOf = new Map<number, number>();
  x.forEach((second, index) => indexOf.set(second, index));
  const ys = series.map((points) => {
    const y: (number | null | undefined)[] = new Array<number | null | undefined>(x.length).fill(null);
    const joined = joinedSpacing(points);
    let previousSecond: number | undefined;
    let previousIndex = -1;
    for (const [second, value] of points) {
      const index = indexOf.get(second);
      if (index === undefined || !Number.isFinite(value)) continue;
      y[index] = value;
      if (previousSecond !== undefined && second - previousSecond <= joined) {
        for (let i = previousIndex + 1; i < index; i += 1) y[i] = undefined;
      }
      previousSecond = second;
      previousIndex = index;
    }
    return y;
  });
  return { x, ys };
}

/** Back from columns to `[second, value]` pairs: what the chart draws for series `index`. */
export function plottedPoints(aligned: AlignedSeries, index: number): [number, number][] {
  const y = aligned.ys[index];
  if (!y) return [];
  const points: [number, number][] = [];
  aligned.x.forEach((second, i) => {
    const value = y[i];
    if (value !== null && value !== undefined) points.push([second, value]);
  });
  return points;
}
