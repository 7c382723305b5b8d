// The connection indicator in the header (DOM contract: `[data-testid=connection]` with `data-state`
// and readable text), and below the header a banner with the long explanation when the page needs
// the person's attention (a reset: what it means; stopped: what to do).
//
// The indicator's own text is exactly the readable text. A separate polite live region announces
// each change of state once, so a screen reader is not read every tick of the countdown.

import type { ConnectionStatus } from '../live/ConnectionStatus';
import type { LiveSource } from '../live/LiveSource';
import { describeStatus, needsCredentials, secondsUntil } from './connectionText';
import { h, setAttr, setText } from './dom';
import type { Widget } from './Widget';

export class ConnectionIndicator implements Widget {
  /** Goes in the header. */
  readonly element: HTMLElement;
  /** Goes right below the header. */
  readonly banner: HTMLElement;
  private readonly indicator: HTMLElement;
  private readonly label: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly bannerText: HTMLElement;
  private readonly dismiss: HTMLButtonElement;
  private readonly settings: HTMLButtonElement;
  private status: ConnectionStatus | undefined;
  private shownState: string | undefined;
  private resetDismissed = false;
  private tick: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    source: LiveSource,
    private readonly statusLog: string[],
    openSettings: () => void,
    private readonly now: () => number = Date.now,
  ) {
    this.label = h('span', { class: 'connection-text' });
    this.indicator = h(
      'span',
      { class: 'connection', 'data-testid': 'connection', 'data-state': 'connecting' },
      h('span', { class: 'connection-dot', 'aria-hidden': 'true' }),
      this.label,
    );
    this.announcer = h('span', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    this.element = h('div', { class: 'connection-area' }, this.indicator, this.announcer);

    this.bannerText = h('p', { class: 'banner-text' });
    this.dismiss = h('button', { type: 'button' }, 'Dismiss');
    this.dismiss.addEventListener('click', () => {
      // The source goes back to live by itself when it can; a source that cannot is overridden here.
      if (source.dismissReset) source.dismissReset();
      else {
        this.resetDismissed = true;
        this.render();
      }
    });
    this.settings = h('button', { type: 'button' }, 'Open settings');
    this.settings.addEventListener('click', openSettings);
    this.banner = h(
      'div',
      { class: 'status-banner', 'data-testid': 'connection-banner', hidden: true },
      this.bannerText,
      h('div', { class: 'banner-buttons' }, this.settings, this.dismiss),
    );

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
    if (this.shownState !== shown.state) {
      this.shownState = shown.state;
      this.statusLog.push(shown.state);
      setText(this.announcer, detail);
    }
    this.banner.hidden = shown.state !== 'reset' && shown.state !== 'stopped';
    setAttr(this.banner, 'data-state', shown.state);
    setText(this.bannerText, detail);
    this.dismiss.hidden = shown.state !== 'reset';
    this.settings.hidden = !needsCredentials(shown);
    if (shown.state === 'reconnecting' && secondsUntil(shown.retryAt, now) > 0) {
      // Wake when the whole-second count changes, and change the text inside a frame.
      const delay = ((shown.retryAt - now - 1) % 1000) + 1;
      this.tick = setTimeout(() => requestAnimationFrame(() => this.render()), delay);
    }
  }
}
