// What an overview tile says about a metric with possibly many tag sets.

import type { MetricState, SeriesState } from '../live/wire';
import { seriesLabel } from './seriesLabel';

export interface MetricSummary {
  /** The series the tile shows: the one with the newest point (ties: the first label). */
  lead: SeriesState | undefined;
  leadLabel: string;
  /** Points per second over all tag sets. */
  totalRate: number;
  seriesCount: number;
}

export function summarizeMetric(state: MetricState): MetricSummary {
  let lead: SeriesState | undefined;
  let leadLabel = '';
  let leadSecond = -Infinity;
  let totalRate = 0;
  for (const series of state.series) {
    totalRate += Number.isFinite(series.rate) ? series.rate : 0;
    const newest = series.points[series.points.length - 1]?.[0] ?? -Infinity;
    const label = seriesLabel(series.tags);
    if (lead === undefined || newest > leadSecond || (newest === leadSecond && label < leadLabel)) {
      lead = series;
      leadLabel = label;
      leadSecond = newest;
    }
  }
  return { lead, leadLabel, totalRate, seriesCount: state.series.length };
}
