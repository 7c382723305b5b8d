// uPlot plots columnar data: one x array shared by every series and one y array per series, of
// the same length, with null where a series has no point. A metric's series each carry their own
// `[second, avg]` points (a tag set that started later, or skipped a second, has fewer), so the
// chart's data is the union of their seconds.

import type { SecondPoint } from '../live/wire';

export interface AlignedSeries {
  /** Unix seconds, ascending, each once. */
  x: number[];
  /** One array per input series, `x.length` long: the series' value at that second, or null. */
  ys: (number | null)[][];
}

export function alignSeries(series: readonly (readonly SecondPoint[])[]): AlignedSeries {
  const seconds = new Set<number>();
  for (const points of series) for (const [second] of points) seconds.add(second);
  const x = [...seconds].sort((a, b) => a - b);
  const indexOf = new Map<number, number>();
  x.forEach((second, index) => indexOf.set(second, index));
  const ys = series.map((points) => {
    const y: (number | null)[] = new Array<number | null>(x.length).fill(null);
    for (const [second, value] of points) {
      const index = indexOf.get(second);
      if (index !== undefined && Number.isFinite(value)) y[index] = value;
    }
    return y;
  });
  return { x, ys };
}

/** Back from columns to `[second, value]` pairs: what the chart draws for series `index`, gaps left out. */
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
