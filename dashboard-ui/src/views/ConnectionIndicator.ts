// The connection indicator in the header (DOM contract: `[data-testid=connection]` with `data-state`
// and readable text). Its own text is exactly the readable text; a separate polite live region
// announces each change of state once, so a screen reader is not read every tick of a countdown.

import type { ConnectionStatus } from '../live/ConnectionStatus';
import type { LiveSource } from '../live/LiveSource';
import { describeStatus, secondsUntil } from './connectionText';
import { h, setAttr, setText } from './dom';
import type { Widget } from './Widget';

export class ConnectionIndicator implements Widget {
  readonly element: HTMLElement;
  private readonly indicator: HTMLElement;
  private readonly label: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly dismiss: HTMLButtonElement;
  private status: ConnectionStatus | undefined;
  private shownState: string | undefined;
  private resetDismissed = false;
  private tick: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    source: LiveSource,
    private readonly statusLog: string[],
    private readonly now: () => number = Date.now,
  ) {
    this.label = h('span', { class: 'connection-text' });
    this.indicator = h(
      'span',
      { class: 'connection', 'data-testid': 'connection', 'data-state': 'connecting' },
      h('span', { class: 'connection-dot', 'aria-hidden': 'true' }),
      this.label,
    );
    this.dismiss = h('button', { type: 'button', class: 'icon-button', hidden: true, 'aria-label': 'Dismiss the reset notice' }, '×');
    this.dismiss.addEventListener('click', () => {
      this.resetDismissed = true;
      this.render();
    });
    this.announcer = h('span', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    this.element = h('div', { class: 'connection-area' }, this.indicator, this.dismiss, this.announcer);
    this.unsubscribe = source.onStatus((status) => {
      if (status.state !== 'reset') this.resetDismissed = false;
      this.status = status;
      this.render();
    });
  }

  dispose(): void {
    this.unsubscribe();
    clearTimeout(this.tick);
  }

  private render(): void {
    clearTimeout(this.tick);
    const status = this.status;
    if (!status) return;
    // A dismissed reset notice leaves the connection as it is: live.
    const shown: ConnectionStatus =
      status.state === 'reset' && this.resetDismissed ? { state: 'live', transport: status.transport } : status;
    const now = this.now();
    const { text, detail } = describeStatus(shown, now);
    setAttr(this.indicator, 'data-state', shown.state);
    setAttr(this.indicator, 'title', detail);
    setText(this.label, text);
    this.dismiss.hidden = shown.state !== 'reset';
    if (this.shownState !== shown.state) {
      this.shownState = shown.state;
      this.statusLog.push(shown.state);
      setText(this.announcer, detail);
    }
    if (shown.state === 'reconnecting' && secondsUntil(shown.retryAt, now) > 0) {
      // Wake when the whole-second count changes, and change the text inside a frame.
      const delay = ((shown.retryAt - now - 1) % 1000) + 1;
      this.tick = setTimeout(() => requestAnimationFrame(() => this.render()), delay);
    }
  }
}
