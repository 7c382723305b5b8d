// A metric's screen (`#/metric/<name>`): the chart with its tag-set legend, then the statistics table.

import { addToDashboard } from './dashboardStore';
import { h } from './dom';
import { MetricChart } from './MetricChart';
import { MetricStatsTable } from './MetricStatsTable';
import type { ViewContext } from './ViewContext';
import type { Widget } from './Widget';

export class MetricView implements Widget {
  readonly element: HTMLElement;
  private readonly chart: MetricChart;
  private readonly stats: MetricStatsTable;

  constructor(context: ViewContext, metric: string) {
    this.chart = new MetricChart(context, metric, { height: 320 });
    this.stats = new MetricStatsTable(context, metric);
    const add = h('button', { type: 'button' }, 'Add to dashboard');
    add.addEventListener('click', () => addToDashboard([{ kind: 'chart', name: metric }, { kind: 'stat', name: metric }]));
    this.element = h(
      'div',
      { class: 'view metric-view' },
      h('div', { class: 'view-head' }, h('h1', {}, h('span', { class: 'badge' }, 'metric'), ' ', metric), add),
      h('section', { class: 'panel', 'aria-label': 'Chart' }, this.chart.element),
      h('section', { class: 'panel', 'aria-labelledby': 'metric-stats-title' }, h('h2', { id: 'metric-stats-title' }, 'Per tag set'), this.stats.element),
    );
  }

  dispose(): void {
    this.chart.dispose();
    this.stats.dispose();
  }
}
