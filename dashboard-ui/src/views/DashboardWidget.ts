// A dashboard cell: one widget of the layout in a frame with its title and the buttons that move
// or remove it.

import { BoardTable } from './BoardTable';
import type { WidgetKind, WidgetSpec } from './dashboardLayout';
import { h } from './dom';
import { MetricChart } from './MetricChart';
import { MetricStatsTable } from './MetricStatsTable';
import { topicHref } from './routes';
import { ScoreControl } from './ScoreControl';
import type { ViewContext } from './ViewContext';
import type { Widget } from './Widget';

export const WIDGET_TITLES: Record<WidgetKind, string> = {
  chart: 'Metric chart',
  stat: 'Metric stats',
  board: 'Board table',
  score: 'Score control',
};

export type FrameAction = 'up' | 'down' | 'remove';

export class DashboardWidget implements Widget {
  readonly element: HTMLLIElement;
  readonly buttons: Record<FrameAction, HTMLButtonElement>;
  private readonly content: Widget;

  constructor(
    context: ViewContext,
    readonly spec: WidgetSpec,
    onAction: (widget: DashboardWidget, action: FrameAction) => void,
  ) {
    this.content = createContent(context, spec);
    const name = `${spec.name} ${WIDGET_TITLES[spec.kind].toLowerCase()}`;
    const button = (action: FrameAction, text: string, label: string): HTMLButtonElement => {
      const element = h('button', { type: 'button', class: 'icon-button', 'aria-label': label, title: label }, text);
      element.addEventListener('click', () => onAction(this, action));
      return element;
    };
    this.buttons = {
      up: button('up', '↑', `Move ${name} earlier`),
      down: button('down', '↓', `Move ${name} later`),
      remove: button('remove', '×', `Remove ${name}`),
    };
    const topic = spec.kind === 'chart' || spec.kind === 'stat' ? `metric:${spec.name}` : `board:${spec.name}`;
    this.element = h(
      'li',
      { class: `dashboard-widget widget-${spec.kind}`, 'data-widget': `${spec.kind}:${spec.name}` },
      h(
        'div',
        { class: 'widget-head' },
        h('h2', { class: 'widget-title' }, h('a', { href: topicHref(topic) }, spec.name), h('span', { class: 'muted' }, ` ${WIDGET_TITLES[spec.kind]}`)),
        h('div', { class: 'widget-buttons' }, this.buttons.up, this.buttons.down, this.buttons.remove),
      ),
      this.content.element,
    );
  }

  /** First and last widgets cannot move further; their buttons say so by being disabled. */
  place(index: number, count: number): void {
    this.buttons.up.disabled = index === 0;
    this.buttons.down.disabled = index === count - 1;
  }

  dispose(): void {
    this.content.dispose();
  }
}

function createContent(context: ViewContext, spec: WidgetSpec): Widget {
  switch (spec.kind) {
    case 'chart':
      return new MetricChart(context, spec.name, { height: 220 });
    case 'stat':
      return new MetricStatsTable(context, spec.name);
    case 'board':
      return new BoardTable(context, spec.name);
    case 'score':
      return new ScoreControl(context, spec.name);
  }
}
