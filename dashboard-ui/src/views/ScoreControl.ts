// The interactive widget (DOM contract: `[data-testid=score-control][data-board]`): +1 / −1 per entry,
// a form to add an entry, and `[data-testid=command-result]` with `data-state` pending|ack|error.
// It watches its board with `interactive: true`, so commands, their acks and the updates they cause
// share the WebSocket. Entries are listed by id, not by rank, so a button never moves under the pointer.

import type { CommandResult } from '../live/LiveSource';
import type { BoardCommand, BoardState } from '../live/wire';
import type { TopicState } from '../state/TopicState';
import { newBatchId } from './batchId';
import { h, setAttr, setText, uniqueId } from './dom';
import { describeError, formatScore } from './format';
import type { ViewContext } from './ViewContext';
import type { Widget } from './Widget';

interface EntryItem {
  element: HTMLLIElement;
  score: HTMLElement;
}

export class ScoreControl implements Widget {
  readonly element: HTMLElement;
  readonly topic: string;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly result: HTMLElement;
  private readonly retry: HTMLButtonElement;
  private readonly settings: HTMLButtonElement;
  private readonly items = new Map<string, EntryItem>();
  private readonly unwatch: () => void;
  private sent = 0;
  private retryable: { command: BoardCommand; description: string } | undefined;
  private disposed = false;

  constructor(
    private readonly context: ViewContext,
    readonly board: string,
  ) {
    this.topic = `board:${board}`;
    this.list = h('ul', { class: 'score-list' });
    this.empty = h('p', { class: 'muted' }, 'Waiting for data…');
    this.result = h('p', { class: 'command-result', 'data-testid': 'command-result', role: 'status', 'aria-live': 'polite' });
    this.retry = h('button', { type: 'button', hidden: true }, 'Retry');
    this.retry.addEventListener('click', () => {
      if (this.retryable) void this.send(this.retryable.command, this.retryable.description);
    });
    this.settings = h('button', { type: 'button', hidden: true }, 'Open settings');
    this.settings.addEventListener('click', () => context.openSettings());
    this.list.addEventListener('click', (event) => this.onListClick(event));
    this.element = h(
      'section',
      { class: 'score-control', 'data-testid': 'score-control', 'data-board': board, 'aria-label': `Score control for ${board}` },
      h('h3', { class: 'widget-subtitle' }, 'Change scores'),
      this.list,
      this.empty,
      this.addForm(),
      h('div', { class: 'command-status' }, this.result, this.retry, this.settings),
    );
    this.unwatch = context.source.watch(this.topic, (state) => this.render(state), { interactive: true });
    const initial = context.source.current(this.topic);
    if (initial) this.render(initial);
  }

  dispose(): void {
    this.disposed = true;
    this.unwatch();
  }

  private render(state: TopicState): void {
    if (state.kind !== 'board') return;
    this.context.renders.rendered();
    const data: BoardState = state.data;
    const entries = [...data.entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      seen.add(entry.id);
      const item = this.item(entry.id);
      if (this.list.children[index] !== item.element) this.list.insertBefore(item.element, this.list.children[index] ?? null);
      setText(item.score, formatScore(entry.score));
    });
    for (const [id, item] of this.items) {
      if (seen.has(id)) continue;
      item.element.remove();
      this.items.delete(id);
    }
    setText(this.empty, 'No entries yet: add one below.');
    this.empty.hidden = entries.length > 0;
  }

  private item(id: string): EntryItem {
    let item = this.items.get(id);
    if (item) return item;
    const score = h('span', { class: 'score-value num' });
    const element = h(
      'li',
      { 'data-entry-id': id },
      h('span', { class: 'score-name' }, id),
      score,
      h('button', { type: 'button', class: 'step', 'data-testid': 'remove-point', 'data-entry-id': id, 'aria-label': `Remove a point from ${id}` }, '−1'),
      h('button', { type: 'button', class: 'step', 'data-testid': 'add-point', 'data-entry-id': id, 'aria-label': `Add a point to ${id}` }, '+1'),
    );
    item = { element, score };
    this.items.set(id, item);
    return item;
  }

  /** One listener for every +1 / −1 button (they come and go with the entries). */
  private onListClick(event: MouseEvent): void {
    const button = (event.target as Element | null)?.closest('button');
    const id = button?.dataset.entryId;
    if (!button || id === undefined) return;
    const step = button.dataset.testid === 'add-point' ? 1 : -1;
    void this.send({ batchId: newBatchId(), add: { [id]: step } }, `${step > 0 ? '+1' : '−1'} for ${id}`);
  }

  private addForm(): HTMLFormElement {
    const idInput = h('input', { type: 'text', required: true, maxlength: 200, autocomplete: 'off', spellcheck: 'false' });
    const scoreInput = h('input', { type: 'number', step: 1, value: 0, required: true, inputmode: 'numeric' });
    const idLabel = uniqueId('entry-id');
    const scoreLabel = uniqueId('entry-score');
    idInput.id = idLabel;
    scoreInput.id = scoreLabel;
    const form = h(
      'form',
      { class: 'add-entry', 'aria-label': `Add an entry to ${this.board}` },
      h('div', { class: 'field' }, h('label', { for: idLabel }, 'New entry'), idInput),
      h('div', { class: 'field field-narrow' }, h('label', { for: scoreLabel }, 'Score'), scoreInput),
      h('button', { type: 'submit' }, 'Add entry'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const id = idInput.value.trim();
      const score = Number(scoreInput.value);
      if (id === '' || !Number.isInteger(score)) {
        this.show('error', 'Give the entry a name and a whole-number score.');
        return;
      }
      void this.send({ batchId: newBatchId(), set: { [id]: score } }, `${id} set to ${formatScore(score)}`).then((ok) => {
        if (ok) idInput.value = '';
      });
    });
    return form;
  }

  /** Sends one command; the result line shows the newest command's outcome, and any error. */
  private async send(command: BoardCommand, description: string): Promise<boolean> {
    const sequence = ++this.sent;
    this.retryable = undefined;
    this.show('pending', `Sending ${description}…`);
    let result: CommandResult;
    try {
      result = await this.context.source.command(this.board, command);
    } catch (error) {
      result = { ok: false, code: 'failed', message: describeError(error) };
    }
    if (this.disposed) return result.ok;
    if (result.ok) {
      if (sequence === this.sent) this.show('ack', `Applied: ${description}`);
      return true;
    }
    // An error is shown even when a newer command is in flight: it must not go unseen.
    const hint = result.code === 'forbidden' || result.code === 'unauthorized' ? ' Enter an ingest key in Settings.' : '';
    this.show('error', `Not applied: ${description}. ${result.message} (${result.code})${hint}`, result.code);
    if (result.code === 'unavailable') this.retryable = { command, description };
    this.retry.hidden = this.retryable === undefined;
    return false;
  }

  private show(state: 'pending' | 'ack' | 'error', message: string, code?: string): void {
    setAttr(this.result, 'data-state', state);
    setText(this.result, message);
    this.retry.hidden = true;
    this.settings.hidden = code !== 'forbidden' && code !== 'unauthorized';
  }
}
