// A board's screen (`#/board/<id>`): the ranked table with the score control beside it. Both watch
// the board as interactive, so they share one subscription on the WebSocket and show the same state.

import type { TopicState } from '../state/TopicState';
import { addToDashboard } from './dashboardStore';
import { BoardTable } from './BoardTable';
import { h, setText } from './dom';
import { ScoreControl } from './ScoreControl';
import type { ViewContext } from './ViewContext';
import type { Widget } from './Widget';

export class BoardView implements Widget {
  readonly element: HTMLElement;
  private readonly table: BoardTable;
  private readonly control: ScoreControl;
  private readonly unwatchTitle: () => void;

  constructor(context: ViewContext, board: string) {
    this.table = new BoardTable(context, board, { interactive: true });
    this.control = new ScoreControl(context, board);
    const title = h('span', { class: 'muted view-subtitle' });
    const add = h('button', { type: 'button' }, 'Add to dashboard');
    add.addEventListener('click', () => addToDashboard([{ kind: 'board', name: board }, { kind: 'score', name: board }]));
    this.element = h(
      'div',
      { class: 'view board-view' },
      h('div', { class: 'view-head' }, h('h1', {}, h('span', { class: 'badge' }, 'board'), ' ', board, ' ', title), add),
      h(
        'div',
        { class: 'board-layout' },
        h('section', { class: 'panel', 'aria-label': 'Ranking' }, this.table.element),
        h('div', { class: 'panel' }, this.control.element),
      ),
    );
    const showTitle = (state: TopicState): void => {
      if (state.kind === 'board') setText(title, state.data.title ?? '');
    };
    this.unwatchTitle = context.source.watch(`board:${board}`, showTitle, { interactive: true });
  }

  dispose(): void {
    this.unwatchTitle();
    this.table.dispose();
    this.control.dispose();
  }
}
