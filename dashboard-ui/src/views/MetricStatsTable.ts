// A metric's statistics per tag set: last, rate, p50, p90, p99, min, max (DOM contract: cells
// `[data-testid=stat-…]`). Rows are kept per tag set and only changed text is written.

import type { SeriesState } from '../live/wire';
import type { TopicState } from '../state/TopicState';
import { breakableLabel, h, setText } from './dom';
import { formatRate, formatValue } from './format';
import { seriesLabel } from './seriesLabel';
import type { ViewContext } from './ViewContext';
import type { Widget } from './Widget';

const COLUMNS = [
  { id: 'last', title: 'Last', read: (s: SeriesState) => formatValue(s.last) },
  { id: 'rate', title: 'Rate', read: (s: SeriesState) => formatRate(s.rate) },
  { id: 'p50', title: 'p50', read: (s: SeriesState) => formatValue(s.p50) },
  { id: 'p90', title: 'p90', read: (s: SeriesState) => formatValue(s.p90) },
  { id: 'p99', title: 'p99', read: (s: SeriesState) => formatValue(s.p99) },
  { id: 'min', title: 'Min', read: (s: SeriesState) => formatValue(s.min) },
  { id: 'max', title: 'Max', read: (s: SeriesState) => formatValue(s.max) },
] as const;

export class MetricStatsTable implements Widget {
  readonly element: HTMLElement;
  readonly topic: string;
  private readonly body: HTMLTableSectionElement;
  private readonly rows = new Map<string, HTMLTableRowElement>();
  private readonly unwatch: () => void;

  constructor(
    private readonly context: ViewContext,
    metric: string,
  ) {
    this.topic = `metric:${metric}`;
    this.body = h('tbody');
    const table = h(
      'table',
      { class: 'data-table stats-table', 'data-testid': 'metric-stats', 'data-topic': this.topic },
      h('caption', { class: 'visually-hidden' }, `Statistics of ${metric} per tag set (percentiles over the last 5 minutes, rate in points per second)`),
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, 'Tag set'), ...COLUMNS.map((column) => h('th', { scope: 'col', class: 'num' }, column.title))),
      ),
      this.body,
    );
    // The table scrolls sideways inside its own box on a phone rather than the page.
    this.element = h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `Statistics of ${metric}` }, table);
    this.unwatch = context.source.watch(this.topic, (state) => this.render(state));
    const initial = context.source.current(this.topic);
    if (initial) this.render(initial);
  }

  dispose(): void {
    this.unwatch();
  }

  private render(state: TopicState): void {
    if (state.kind !== 'metric') return;
    this.context.renders.rendered();
    const series = state.data.series
      .map((s): [string, SeriesState] => [seriesLabel(s.tags), s])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const seen = new Set<string>();
    series.forEach(([label, s], index) => {
      seen.add(label);
      let row = this.rows.get(label);
      if (!row) {
        row = h(
          'tr',
          { 'data-series': label },
          h('th', { scope: 'row' }, breakableLabel(label)),
          ...COLUMNS.map((column) => h('td', { class: 'num', 'data-testid': `stat-${column.id}` })),
        );
        this.rows.set(label, row);
      }
      if (this.body.children[index] !== row) this.body.insertBefore(row, this.body.children[index] ?? null);
      COLUMNS.forEach((column, i) => {
        const cell = row.cells[i + 1];
        if (cell) setText(cell, column.read(s));
      });
    });
    for (const [label, row] of this.rows) {
      if (seen.has(label)) continue;
      row.remove();
      this.rows.delete(label);
    }
  }
}
