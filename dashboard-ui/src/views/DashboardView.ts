// A composed dashboard (`#/dashboard?w=<layout>`): widgets in a grid, added with a form, moved and
// removed with buttons. The layout lives in the URL (so a shared link opens the same dashboard) and
// in localStorage (so `#/dashboard` opens the last one). Changes rewrite the URL with replaceState,
// which fires no hashchange: the widgets stay mounted and are moved, not rebuilt.

import type { TopicInfo } from '../live/wire';
import { decodeLayout, encodeLayout, MAX_WIDGETS, WIDGET_KINDS, isWidgetKind, type WidgetKind, type WidgetSpec } from './dashboardLayout';
import { loadStoredLayout, storeLayout } from './dashboardStore';
import { DashboardWidget, WIDGET_TITLES, type FrameAction } from './DashboardWidget';
import { h, setText, uniqueId } from './dom';
import { TOPIC_REFRESH_MS } from './OverviewView';
import { dashboardHref } from './routes';
import type { ViewContext } from './ViewContext';
import type { Widget } from './Widget';

export class DashboardView implements Widget {
  readonly element: HTMLElement;
  private readonly grid: HTMLOListElement;
  private readonly empty: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly kind: HTMLSelectElement;
  private readonly name: HTMLInputElement;
  private readonly suggestions: HTMLDataListElement;
  private widgets: DashboardWidget[] = [];
  private topics: TopicInfo[] = [];
  private readonly timer: ReturnType<typeof setInterval>;
  private disposed = false;

  constructor(
    private readonly context: ViewContext,
    layout: string | undefined,
  ) {
    const specs = layout === undefined ? loadStoredLayout() : decodeLayout(layout);
    this.grid = h('ol', { class: 'dashboard-grid', 'aria-label': 'Widgets' });
    this.empty = h('p', { class: 'muted' }, 'This dashboard is empty: add a widget above. Its address keeps the layout, so you can bookmark or share it.');
    this.announcer = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    this.kind = h('select', {}, ...WIDGET_KINDS.map((kind) => h('option', { value: kind }, WIDGET_TITLES[kind])));
    this.name = h('input', { type: 'text', required: true, autocomplete: 'off', spellcheck: 'false' });
    this.suggestions = h('datalist', { id: uniqueId('topics') });
    this.name.setAttribute('list', this.suggestions.id);
    this.kind.addEventListener('change', () => this.fillSuggestions());
    this.element = h(
      'div',
      { class: 'view dashboard-view' },
      h('div', { class: 'view-head' }, h('h1', {}, 'Dashboard')),
      this.addForm(),
      this.announcer,
      this.empty,
      this.grid,
    );
    for (const spec of specs) this.mount(spec);
    this.persist();
    void this.loadTopics();
    this.timer = setInterval(() => void this.loadTopics(), TOPIC_REFRESH_MS);
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.timer);
    for (const widget of this.widgets) widget.dispose();
    this.widgets = [];
  }

  private addForm(): HTMLFormElement {
    const kindId = uniqueId('widget-kind');
    const nameId = uniqueId('widget-name');
    this.kind.id = kindId;
    this.name.id = nameId;
    const form = h(
      'form',
      { class: 'add-widget panel', 'aria-label': 'Add a widget' },
      h('div', { class: 'field' }, h('label', { for: kindId }, 'Widget'), this.kind),
      h('div', { class: 'field field-wide' }, h('label', { for: nameId }, 'Metric or board'), this.name, this.suggestions),
      h('button', { type: 'submit', class: 'primary' }, 'Add widget'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const kind: WidgetKind = isWidgetKind(this.kind.value) ? this.kind.value : 'chart';
      const name = this.name.value.trim().replace(/^(metric|board):/, '');
      if (name === '') return;
      if (this.widgets.length >= MAX_WIDGETS) {
        setText(this.announcer, `A dashboard holds at most ${MAX_WIDGETS} widgets.`);
        return;
      }
      this.mount({ kind, name });
      this.persist();
      this.name.value = '';
      setText(this.announcer, `Added ${name} ${WIDGET_TITLES[kind].toLowerCase()}.`);
    });
    return form;
  }

  private mount(spec: WidgetSpec): void {
    const widget = new DashboardWidget(this.context, spec, (w, action) => this.act(w, action));
    this.widgets.push(widget);
    this.grid.append(widget.element);
  }

  private act(widget: DashboardWidget, action: FrameAction): void {
    const index = this.widgets.indexOf(widget);
    if (index < 0) return;
    if (action === 'remove') {
      widget.dispose();
      widget.element.remove();
      this.widgets.splice(index, 1);
      // Focus goes to what took the removed widget's place, so the keyboard does not fall back to the top.
      const next = this.widgets[index] ?? this.widgets[index - 1];
      (next ? next.buttons.remove : this.name).focus();
      setText(this.announcer, `Removed ${widget.spec.name} ${WIDGET_TITLES[widget.spec.kind].toLowerCase()}.`);
    } else {
      const target = action === 'up' ? index - 1 : index + 1;
      const other = this.widgets[target];
      if (!other) return;
      this.widgets[target] = widget;
      this.widgets[index] = other;
      if (action === 'up') this.grid.insertBefore(widget.element, other.element);
      else this.grid.insertBefore(other.element, widget.element);
      const button = widget.buttons[action];
      // At an end its button is disabled; keep focus on the frame's other move button.
      (target === 0 || target === this.widgets.length - 1 ? widget.buttons[action === 'up' ? 'down' : 'up'] : button).focus();
      setText(this.announcer, `Moved ${widget.spec.name} to place ${target + 1} of ${this.widgets.length}.`);
    }
    this.persist();
  }

  /** Writes the layout to the URL and to localStorage, and refreshes which buttons apply. */
  private persist(): void {
    const specs = this.widgets.map((widget) => widget.spec);
    this.widgets.forEach((widget, index) => widget.place(index, this.widgets.length));
    this.empty.hidden = specs.length > 0;
    storeLayout(specs);
    const href = dashboardHref(encodeLayout(specs));
    if (location.hash !== href) history.replaceState(history.state, '', href);
  }

  private async loadTopics(): Promise<void> {
    try {
      const topics = await this.context.source.listTopics();
      if (this.disposed) return;
      this.topics = topics;
      this.fillSuggestions();
    } catch {
      // Suggestions only: any name can still be typed.
    }
  }

  private fillSuggestions(): void {
    const wanted = this.kind.value === 'chart' || this.kind.value === 'stat' ? 'metric' : 'board';
    const names = this.topics.filter((info) => info.kind === wanted).map((info) => info.topic.slice(wanted.length + 1));
    this.suggestions.replaceChildren(...names.map((name) => h('option', { value: name })));
  }
}
