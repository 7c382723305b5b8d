// A metric's chart (DOM contract: `[data-testid=metric-chart][data-topic]`): uPlot, one line per tag
// set, the per-second points of the last five minutes, with a legend of toggle buttons
// (`[data-testid=legend-item][data-series][aria-pressed]`).
//
// Every render hands uPlot new columns with setData; the chart is only built again when the set
// of tag sets changes, the theme changes (canvas colours) — both rare.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartSeriesData } from '../debug/LiveDashDebug';
import type { MetricState, SeriesState } from '../live/wire';
import type { TopicState } from '../state/TopicState';
import { alignSeries, plottedPoints, type AlignedSeries } from './alignSeries';
import { breakableLabel, h, setAttr } from './dom';
import { formatValue } from './format';
import { seriesLabel } from './seriesLabel';
import { StaleNote } from './StaleNote';
import { cssColor, seriesPalette } from './theme';
import type { ViewContext } from './ViewContext';
import type { Widget } from './Widget';

export interface MetricChartOptions {
  /** Plot height in CSS pixels (axes included). */
  height: number;
}

export class MetricChart implements Widget {
  readonly element: HTMLElement;
  readonly topic: string;
  private readonly host: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly hidden = new Set<string>();
  private readonly stale = new StaleNote();
  private readonly cleanups: (() => void)[] = [];
  private labels: string[] = [];
  private aligned: AlignedSeries = { x: [], ys: [] };
  private plot: uPlot | undefined;
  private width = 0;
  private onScreen = true;
  /** Data arrived while off screen: draw it when the chart scrolls into view. */
  private undrawn = false;

  constructor(
    private readonly context: ViewContext,
    readonly metric: string,
    private readonly options: MetricChartOptions,
  ) {
    this.topic = `metric:${metric}`;
    this.host = h('div', {
      class: 'chart-host',
      'data-testid': 'metric-chart',
      'data-topic': this.topic,
      role: 'img',
      'aria-label': `Chart of ${metric}, one point per second over the last 5 minutes`,
      style: `min-height:${options.height}px`,
    });
    this.legend = h('div', { class: 'legend', role: 'group', 'aria-label': `Tag sets of ${metric}: show or hide` });
    this.empty = h('p', { class: 'muted chart-empty' }, 'Waiting for data…');
    this.element = h('div', { class: 'metric-chart' }, this.stale.element, this.legend, this.empty, this.host);

    // The observer reports the width after layout, so renders never read it.
    const resizeObserver = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (width <= 0 || width === this.width) return;
      this.width = width;
      this.plot?.setSize({ width, height: this.options.height });
    });
    resizeObserver.observe(this.host);
    this.cleanups.push(() => resizeObserver.disconnect());
    // A chart scrolled out of view keeps its data current but does not draw: on a 50-widget
    // dashboard most canvases are off screen, and drawing is what costs.
    const visibility = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (!entry) return;
      this.onScreen = entry.isIntersecting;
      if (this.onScreen && this.undrawn) requestAnimationFrame(() => this.draw());
    });
    visibility.observe(this.host);
    this.cleanups.push(() => visibility.disconnect());
    this.cleanups.push(context.charts.add({ topic: this.topic, plotted: () => this.plotted() }));
    this.cleanups.push(context.theme.onChange(() => this.build()));
    this.cleanups.push(context.source.watch(this.topic, (state) => this.render(state)));
    const initial = context.source.current(this.topic);
    if (initial) this.render(initial);
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.plot?.destroy();
    this.plot = undefined;
  }

  /** What the chart plots, per tag set (window.liveDash.chartData). */
  plotted(): ChartSeriesData[] {
    return this.labels.map((label, index) => ({ label, points: plottedPoints(this.aligned, index) }));
  }

  private render(state: TopicState): void {
    if (state.kind !== 'metric') return;
    this.context.renders.rendered();
    this.stale.update(state.stale);
    const series = sortedSeries(state.data);
    const labels = series.map(([label]) => label);
    this.aligned = alignSeries(series.map(([, s]) => s.points));
    this.empty.hidden = this.aligned.x.length > 0;
    if (!this.plot || !sameLabels(labels, this.labels)) {
      this.labels = labels;
      this.build();
    } else if (this.onScreen) {
      this.draw();
    } else {
      this.undrawn = true;
    }
  }

  private draw(): void {
    this.undrawn = false;
    this.plot?.setData(this.columns());
  }

  private columns(): uPlot.AlignedData {
    return [this.aligned.x, ...this.aligned.ys];
  }

  /** (Re)builds the uPlot instance and the legend for the current tag sets and theme. */
  private build(): void {
    this.plot?.destroy();
    this.undrawn = false;
    const palette = seriesPalette();
    const axis = cssColor('--chart-axis', '#4a5560');
    const grid = cssColor('--chart-grid', '#dde2e7');
    const axisStyle = {
      stroke: axis,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
    };
    this.plot = new uPlot(
      {
        width: this.width || 600,
        height: this.options.height,
        legend: { show: false },
        // Room on the right for the last time label, which is centred on its tick.
        padding: [12, 36, 0, 0],
        scales: { x: { time: true } },
        axes: [
          // One line of clock time per tick: uPlot's default second line (the date) overlaps on narrow charts.
          {
            ...axisStyle,
            space: 64,
            // uPlot's own steps jump from 1 to 5 minutes: 2 minutes keeps a phone-width chart labelled.
            incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600],
            values: (_plot, splits) => splits.map(clockTime),
          },
          { ...axisStyle, size: 60, values: (_plot, splits) => splits.map((value) => formatValue(value)) },
        ],
        series: [
          {},
          ...this.labels.map((label, index) => ({
            label,
            stroke: palette[index % palette.length] ?? axis,
            width: 1.5,
            show: !this.hidden.has(label),
            points: { show: false },
          })),
        ],
      },
      this.columns(),
      this.host,
    );
    this.buildLegend(palette);
  }

  private buildLegend(palette: string[]): void {
    const buttons = this.labels.map((label, index) => {
      const button = h(
        'button',
        {
          type: 'button',
          class: 'legend-item',
          'data-testid': 'legend-item',
          'data-series': label,
          'aria-pressed': String(!this.hidden.has(label)),
        },
        h('span', { class: 'swatch', 'aria-hidden': 'true', style: `background:${palette[index % palette.length] ?? ''}` }),
        h('span', {}, breakableLabel(label)),
      );
      button.addEventListener('click', () => this.toggle(label, button));
      return button;
    });
    // Keep keyboard focus on the button a person was on when the set of tag sets changed.
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && this.legend.contains(active) ? active.dataset.series : undefined;
    this.legend.replaceChildren(...buttons);
    if (focused !== undefined) buttons.find((button) => button.dataset.series === focused)?.focus();
    this.legend.hidden = this.labels.length === 0;
  }

  private toggle(label: string, button: HTMLButtonElement): void {
    const show = this.hidden.has(label);
    if (show) this.hidden.delete(label);
    else this.hidden.add(label);
    setAttr(button, 'aria-pressed', String(show));
    const index = this.labels.indexOf(label);
    if (index >= 0) this.plot?.setSeries(index + 1, { show });
  }
}

const minuteFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** `4:59 PM` on whole minutes, `:30` between them: short enough for a phone-width chart. */
function clockTime(second: number): string {
  const within = ((second % 60) + 60) % 60;
  return within === 0 ? minuteFormat.format(second * 1000) : `:${String(within).padStart(2, '0')}`;
}

function sortedSeries(state: MetricState): [string, SeriesState][] {
  return state.series
    .map((series): [string, SeriesState] => [seriesLabel(series.tags), series])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((label, index) => label === b[index]);
}
