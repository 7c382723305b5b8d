import { describe, expect, it } from 'vitest';
import { alignSeries, joinedSpacing, plottedPoints } from '../../src/views/alignSeries';
import type { SecondPoint } from '../../src/live/wire';

describe('alignSeries', () => {
  it('shares one x array and puts null where a series has not started or has ended', () => {
    const a: SecondPoint[] = [[100, 1], [101, 2], [102, 3], [103, 4]];
    const b: SecondPoint[] = [[101, 20], [102, 30]];
    expect(alignSeries([a, b])).toEqual({
      x: [100, 101, 102, 103],
      ys: [
        [1, 2, 3, 4],
        [null, 20, 30, null],
      ],
    });
  });

  it('breaks the line (null) where a per-second series stopped for a while', () => {
    const a: SecondPoint[] = [[10, 1], [11, 1], [12, 1], [16, 1], [17, 1]];
    const b: SecondPoint[] = [[10, 5], [11, 5], [12, 5], [13, 5], [14, 5], [15, 5], [16, 5], [17, 5]];
    expect(alignSeries([a, b]).ys[0]).toEqual([1, 1, 1, null, null, null, 1, 1]);
  });

  it('joins over (undefined) the holes of a series that reports every other second', () => {
    const every2: SecondPoint[] = [[10, 1], [12, 2], [14, 3], [16, 4]];
    const every1: SecondPoint[] = [[10, 0], [11, 0], [12, 0], [13, 0], [14, 0], [15, 0], [16, 0]];
    expect(alignSeries([every2, every1]).ys[0]).toEqual([1, undefined, 2, undefined, 3, undefined, 4]);
  });

  it('joins over a single missing second of a per-second series', () => {
    const a: SecondPoint[] = [[10, 1], [11, 1], [13, 1], [14, 1]];
    const b: SecondPoint[] = [[12, 7]];
    expect(alignSeries([a, b]).ys[0]).toEqual([1, 1, undefined, 1, 1]);
  });

  it('sorts seconds that arrive out of order', () => {
    expect(alignSeries([[[3, 3], [1, 1]], [[2, 2]]]).x).toEqual([1, 2, 3]);
  });

  it('handles no series and empty series', () => {
    expect(alignSeries([])).toEqual({ x: [], ys: [] });
    expect(alignSeries([[], [[5, 1]]])).toEqual({ x: [5], ys: [[null], [1]] });
  });

  it('joins over holes up to twice the usual spacing', () => {
    expect(joinedSpacing([[0, 1], [1, 1], [2, 1]])).toBe(2);
    expect(joinedSpacing([[0, 1], [2, 1], [4, 1], [10, 1]])).toBe(4);
    expect(joinedSpacing([[0, 1]])).toBe(2);
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
