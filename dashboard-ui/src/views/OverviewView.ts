// The overview (`#/`): a tile per topic, boards then metrics. The topic list is fetched again every
// few seconds so topics written after the page opened appear by themselves (the gateway pushes no
// "new topic" event; the list is one small sorted array, so a 3 s poll costs next to nothing).

import type { TopicInfo } from '../live/wire';
import { h, setText } from './dom';
import { describeError } from './format';
import { TopicTile } from './TopicTile';
import type { ViewContext } from './ViewContext';
import type { Widget } from './Widget';

export const TOPIC_REFRESH_MS = 3_000;

export class OverviewView implements Widget {
  readonly element: HTMLElement;
  private readonly tiles = new Map<string, TopicTile>();
  private readonly lists: Record<'metric' | 'board', HTMLUListElement>;
  private readonly sections: Record<'metric' | 'board', HTMLElement>;
  private readonly message: HTMLElement;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly stopThemeWatch: () => void;
  private disposed = false;

  constructor(private readonly context: ViewContext) {
    this.lists = {
      board: h('ul', { class: 'tile-grid', 'aria-labelledby': 'overview-boards' }),
      metric: h('ul', { class: 'tile-grid', 'aria-labelledby': 'overview-metrics' }),
    };
    this.sections = {
      board: h('section', { hidden: true }, h('h2', { id: 'overview-boards' }, 'Boards'), this.lists.board),
      metric: h('section', { hidden: true }, h('h2', { id: 'overview-metrics' }, 'Metrics'), this.lists.metric),
    };
    this.message = h('p', { class: 'muted', role: 'status' }, 'Loading topics…');
    this.element = h(
      'div',
      { class: 'view overview' },
      h('h1', {}, 'Overview'),
      this.message,
      this.sections.board,
      this.sections.metric,
    );
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), TOPIC_REFRESH_MS);
    this.stopThemeWatch = context.theme.onChange(() => {
      for (const tile of this.tiles.values()) tile.redraw();
    });
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.timer);
    this.stopThemeWatch();
    for (const tile of this.tiles.values()) tile.dispose();
    this.tiles.clear();
  }

  private async refresh(): Promise<void> {
    let topics: TopicInfo[];
    try {
      topics = await this.context.source.listTopics();
    } catch (error) {
      if (!this.disposed) setText(this.message, `Could not load the topic list (${describeError(error)}); trying again shortly.`);
      return;
    }
    if (this.disposed) return;
    requestAnimationFrame(() => this.show(topics));
  }

  private show(topics: TopicInfo[]): void {
    if (this.disposed) return;
    const listed = new Set(topics.map((info) => info.topic));
    for (const [topic, tile] of this.tiles) {
      if (listed.has(topic)) continue;
      tile.dispose();
      tile.element.remove();
      this.tiles.delete(topic);
    }
    const sorted = [...topics].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
    for (const kind of ['board', 'metric'] as const) {
      const list = this.lists[kind];
      let index = 0;
      for (const info of sorted) {
        if (info.kind !== kind) continue;
        let tile = this.tiles.get(info.topic);
        if (!tile) {
          tile = new TopicTile(this.context, info.topic, kind);
          this.tiles.set(info.topic, tile);
        }
        if (list.children[index] !== tile.element) list.insertBefore(tile.element, list.children[index] ?? null);
        index += 1;
      }
      this.sections[kind].hidden = index === 0;
    }
    setText(
      this.message,
      topics.length === 0
        ? 'No topics yet. Write a metric (POST /api/v1/metrics) or a board (POST /api/v1/boards/{id}) and it appears here.'
        : '',
    );
    this.message.hidden = topics.length !== 0;
  }
}
