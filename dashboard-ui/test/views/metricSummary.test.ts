import { describe, expect, it } from 'vitest';
import { summarizeMetric } from '../../src/views/metricSummary';
import type { SeriesState } from '../../src/live/wire';

const series = (tags: Record<string, string>, points: [number, number][], rate = 1): SeriesState => ({
  tags,
  last: points[points.length - 1]?.[1] ?? 0,
  count: points.length,
  sum: 0,
  min: 0,
  max: 0,
  rate,
  p50: null,
  p90: null,
  p99: null,
  points,
});

describe('a metric tile summary', () => {
  it('shows the series with the newest point and adds up the rates', () => {
    const summary = summarizeMetric({
      metric: 'm',
      series: [series({ host: 'a' }, [[10, 1]], 2), series({ host: 'b' }, [[12, 7]], 3)],
    });
    expect(summary.leadLabel).toBe('host=b');
    expect(summary.lead?.last).toBe(7);
    expect(summary.totalRate).toBe(5);
    expect(summary.seriesCount).toBe(2);
  });

  it('picks the first label when the newest points tie, and copes with no series', () => {
    const tie = summarizeMetric({ metric: 'm', series: [series({ host: 'b' }, [[5, 1]]), series({ host: 'a' }, [[5, 2]])] });
    expect(tie.leadLabel).toBe('host=a');
    expect(summarizeMetric({ metric: 'm', series: [] }).lead).toBeUndefined();
  });
});
