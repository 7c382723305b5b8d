// A board as a ranked table (DOM contract: `[data-testid=board-table][data-topic]`, rows
// `tr[data-entry-id]` in rank order with `[data-testid=rank]`, `[data-testid=score]` and, for a few
// seconds after a move, `[data-testid=rank-change]`). Rows are kept per entry and moved, not rebuilt.

import type { BoardEntry, BoardState } from '../live/wire';
import type { WatchOptions } from '../live/LiveSource';
import type { TopicState } from '../state/TopicState';
import { h, setText } from './dom';
import { formatScore } from './format';
import { describeRankChange, rankChanges, ranksOf } from './rankChanges';
import { StaleNote } from './StaleNote';
import { cssColor } from './theme';
import type { ViewContext } from './ViewContext';
import type { Widget } from './Widget';

/** How long a move stays marked. */
export const RANK_CHANGE_MS = 4_000;
/** Rows drawn at most; the rest are counted below the table. */
const MAX_ROWS = 200;

const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

interface Row {
  element: HTMLTableRowElement;
  rank: HTMLElement;
  score: HTMLElement;
  change: HTMLElement;
  badgeTimer?: ReturnType<typeof setTimeout>;
}

export class BoardTable implements Widget {
  readonly element: HTMLElement;
  readonly topic: string;
  private readonly body: HTMLTableSectionElement;
  private readonly caption: HTMLElement;
  private readonly more: HTMLElement;
  private readonly rows = new Map<string, Row>();
  private readonly stale = new StaleNote();
  private previousRanks: Map<string, number> | undefined;
  private readonly unwatch: () => void;

  constructor(
    private readonly context: ViewContext,
    readonly board: string,
    options: WatchOptions = {},
  ) {
    this.topic = `board:${board}`;
    this.body = h('tbody');
    this.caption = h('caption', { class: 'visually-hidden' }, `Board ${board}, ranked by score`);
    this.more = h('p', { class: 'muted' }, 'Waiting for data…');
    const table = h(
      'table',
      { class: 'data-table board-table', 'data-testid': 'board-table', 'data-topic': this.topic },
      this.caption,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col', class: 'num' }, 'Rank'),
          h('th', { scope: 'col' }, 'Entry'),
          h('th', { scope: 'col', class: 'num' }, 'Score'),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Rank change')),
        ),
      ),
      this.body,
    );
    this.element = h(
      'div',
      { class: 'board-table-wrap' },
      this.stale.element,
      h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `Board ${board}` }, table),
      this.more,
    );
    this.unwatch = context.source.watch(this.topic, (state) => this.render(state), options);
    const initial = context.source.current(this.topic);
    if (initial) this.render(initial);
  }

  dispose(): void {
    this.unwatch();
    for (const row of this.rows.values()) clearTimeout(row.badgeTimer);
  }

  private render(state: TopicState): void {
    if (state.kind !== 'board') return;
    this.context.renders.rendered();
    this.stale.update(state.stale);
    const data: BoardState = state.data;
    setText(this.caption, `${data.title ?? `Board ${this.board}`}, ranked by score`);
    const entries = data.entries.slice(0, MAX_ROWS);
    const moves = rankChanges(this.previousRanks, data.entries);
    this.previousRanks = ranksOf(data.entries);
    const shown = new Set<string>();
    entries.forEach((entry, index) => {
      shown.add(entry.id);
      const row = this.row(entry);
      if (this.body.children[index] !== row.element) this.body.insertBefore(row.element, this.body.children[index] ?? null);
      setText(row.rank, String(entry.rank));
      setText(row.score, formatScore(entry.score));
      const places = moves.get(entry.id);
      if (places !== undefined) this.markMove(row, places);
    });
    for (const [id, row] of this.rows) {
      if (shown.has(id)) continue;
      clearTimeout(row.badgeTimer);
      row.element.remove();
      this.rows.delete(id);
    }
    this.more.hidden = data.entries.length > 0 && data.entries.length <= MAX_ROWS;
    setText(this.more, data.entries.length === 0 ? 'No entries yet.' : `and ${data.entries.length - MAX_ROWS} more entries`);
  }

  private row(entry: BoardEntry): Row {
    let row = this.rows.get(entry.id);
    if (row) return row;
    const rank = h('td', { class: 'num', 'data-testid': 'rank' });
    const score = h('td', { class: 'num', 'data-testid': 'score' });
    const change = h('td', { class: 'rank-change-cell' });
    const element = h('tr', { 'data-entry-id': entry.id }, rank, h('th', { scope: 'row' }, entry.id), score, change);
    row = { element, rank, score, change };
    this.rows.set(entry.id, row);
    return row;
  }

  private markMove(row: Row, places: number): void {
    const { text, label } = describeRankChange(places);
    const badge = h(
      'span',
      // role=img: the arrow's text is a picture; its name is the words.
      { class: `rank-change ${places > 0 ? 'up' : 'down'}`, 'data-testid': 'rank-change', role: 'img', 'aria-label': label, title: label },
      text,
    );
    row.change.replaceChildren(badge);
    clearTimeout(row.badgeTimer);
    row.badgeTimer = setTimeout(() => requestAnimationFrame(() => badge.remove()), RANK_CHANGE_MS);
    if (!reducedMotion.matches && typeof row.element.animate === 'function') {
      // The Web Animations API restarts the flash without a forced reflow (no class toggling).
      row.element.animate(
        [{ backgroundColor: cssColor(places > 0 ? '--flash-up' : '--flash-down', 'transparent') }, { backgroundColor: 'transparent' }],
        { duration: 1_500, easing: 'ease-out' },
      );
    }
  }
}
