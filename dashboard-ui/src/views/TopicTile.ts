// An overview tile (DOM contract: `[data-testid=tile][data-topic]`, a link to the topic's view).
// Metric tiles: last value, rate and a sparkline; board tiles: the top entries.

import type { BoardState, MetricState, TopicName } from '../live/wire';
import type { TopicState } from '../state/TopicState';
import { breakableName, h, setText, uniqueId } from './dom';
import { formatScore, formatValue } from './format';
import { summarizeMetric } from './metricSummary';
import { topicHref } from './routes';
import { Sparkline } from './Sparkline';
import { StaleNote } from './StaleNote';
import type { ViewContext } from './ViewContext';
import type { Widget } from './Widget';

const TOP_ENTRIES = 5;

export class TopicTile implements Widget {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly unwatch: () => void;
  private metric: MetricParts | undefined;
  private board: BoardParts | undefined;
  private readonly stale = new StaleNote();

  constructor(
    private readonly context: ViewContext,
    readonly topic: TopicName,
    kind: 'metric' | 'board',
  ) {
    const name = topic.slice(topic.indexOf(':') + 1);
    const nameId = uniqueId('tile-name');
    const kindId = uniqueId('tile-kind');
    this.body = h('div', { class: 'tile-body', id: uniqueId('tile-body') }, h('p', { class: 'muted' }, 'Waiting for data…'));
    // The link is named by the topic alone; the live figures are its description, so a screen
    // reader moving through the tiles hears short names.
    const link = h(
      'a',
      {
        class: 'tile',
        href: topicHref(topic),
        'data-testid': 'tile',
        'data-topic': topic,
        'data-kind': kind,
        'aria-labelledby': `${nameId} ${kindId}`,
        'aria-describedby': this.body.id,
      },
      h('span', { class: 'tile-head' }, h('span', { class: 'tile-name', id: nameId }, breakableName(name)), h('span', { class: 'badge', id: kindId }, kind)),
      this.body,
      this.stale.element,
    );
    this.element = h('li', { class: 'tile-item' }, link);
    this.unwatch = context.source.watch(topic, (state) => this.render(state));
    const initial = context.source.current(topic);
    if (initial) this.render(initial);
  }

  /** Draws the sparkline again, in the new theme's colours. */
  redraw(): void {
    this.metric?.sparkline.redraw();
  }

  dispose(): void {
    this.unwatch();
    this.metric?.sparkline.dispose();
  }

  private render(state: TopicState): void {
    this.context.renders.rendered();
    this.stale.update(state.stale);
    if (state.kind === 'metric') this.renderMetric(state.data);
    else this.renderBoard(state.data);
  }

  private renderMetric(data: MetricState): void {
    if (!this.metric) {
      this.metric = metricParts();
      this.body.replaceChildren(this.metric.root);
    }
    const parts = this.metric;
    const summary = summarizeMetric(data);
    setText(parts.value, formatValue(summary.lead?.last));
    setText(parts.rate, `${formatValue(summary.totalRate)} pts/s`);
    setText(
      parts.series,
      summary.seriesCount > 1 ? `${summary.leadLabel} · ${summary.seriesCount} tag sets` : summary.leadLabel,
    );
    parts.sparkline.draw(summary.lead?.points ?? []);
  }

  private renderBoard(data: BoardState): void {
    if (!this.board) {
      this.board = boardParts();
      this.body.replaceChildren(this.board.root);
    }
    const parts = this.board;
    setText(parts.title, data.title ?? '');
    parts.title.hidden = !data.title;
    const top = data.entries.slice(0, TOP_ENTRIES);
    while (parts.list.children.length > top.length) parts.list.lastElementChild?.remove();
    top.forEach((entry, index) => {
      let item = parts.list.children[index] as HTMLElement | undefined;
      if (!item) {
        item = h('li', {}, h('span', { class: 'entry-id' }), h('span', { class: 'entry-score' }));
        parts.list.append(item);
      }
      item.dataset.entryId = entry.id;
      setText(item.children[0] as HTMLElement, `${entry.rank}. ${entry.id}`);
      setText(item.children[1] as HTMLElement, formatScore(entry.score));
    });
    setText(parts.empty, data.entries.length === 0 ? 'No entries yet' : '');
  }
}

interface MetricParts {
  root: HTMLElement;
  value: HTMLElement;
  rate: HTMLElement;
  series: HTMLElement;
  sparkline: Sparkline;
}

function metricParts(): MetricParts {
  const value = h('span', { class: 'tile-value', 'data-testid': 'last-value' });
  const rate = h('span', { class: 'tile-rate', 'data-testid': 'rate' });
  const series = h('span', { class: 'tile-series muted' });
  const sparkline = new Sparkline();
  const root = h(
    'div',
    { class: 'tile-metric' },
    h('span', { class: 'tile-figures' }, h('span', { class: 'visually-hidden' }, 'Last value '), value, h('span', { class: 'visually-hidden' }, ', rate '), rate),
    series,
    sparkline.element,
  );
  return { root, value, rate, series, sparkline };
}

interface BoardParts {
  root: HTMLElement;
  title: HTMLElement;
  list: HTMLOListElement;
  empty: HTMLElement;
}

function boardParts(): BoardParts {
  const title = h('span', { class: 'tile-series muted' });
  const list = h('ol', { class: 'tile-entries' });
  const empty = h('span', { class: 'muted' });
  return { root: h('div', { class: 'tile-board' }, title, list, empty), title, list, empty };
}
