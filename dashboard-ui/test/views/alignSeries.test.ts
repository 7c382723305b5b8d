import { describe, expect, it } from 'vitest';
import { alignSeries, plottedPoints } from '../../src/views/alignSeries';
import type { SecondPoint } from '../../src/live/wire';

describe('alignSeries', () => {
  it('shares one x array and puts null where a series has no point', () => {
    const a: SecondPoint[] = [[100, 1], [101, 2], [103, 4]];
    const b: SecondPoint[] = [[101, 20], [102, 30]];
    expect(alignSeries([a, b])).toEqual({
      x: [100, 101, 102, 103],
      ys: [
        [1, 2, null, 4],
        [null, 20, 30, null],
      ],
    });
  });

  it('keeps a gap inside one series as a null, not a joined line', () => {
    const aligned = alignSeries([[[10, 1], [11, 1]], [[10, 5], [12, 5]]]);
    expect(aligned.x).toEqual([10, 11, 12]);
    expect(aligned.ys[1]).toEqual([5, null, 5]);
  });

  it('sorts seconds that arrive out of order', () => {
    expect(alignSeries([[[3, 3], [1, 1]], [[2, 2]]]).x).toEqual([1, 2, 3]);
  });

  it('handles no series and empty series', () => {
    expect(alignSeries([])).toEqual({ x: [], ys: [] });
    expect(alignSeries([[], [[5, 1]]])).toEqual({ x: [5], ys: [[null], [1]] });
  });

  it('gives back exactly the points it plotted, per series', () => {
    const a: SecondPoint[] = [[100, 1], [103, 4]];
    const b: SecondPoint[] = [[101, 20], [102, 30]];
    const aligned = alignSeries([a, b]);
    expect(plottedPoints(aligned, 0)).toEqual(a);
    expect(plottedPoints(aligned, 1)).toEqual(b);
    expect(plottedPoints(aligned, 2)).toEqual([]);
  });
});
