// Says that a widget shows a topic's last known state after its history was lost (TopicState.stale):
// the new epoch's snapshot replaces it as soon as it arrives.

import { h } from './dom';

export class StaleNote {
  readonly element: HTMLElement = h(
    'p',
    { class: 'stale-note', hidden: true, 'data-testid': 'stale' },
    'History lost: showing the last known state until the current one arrives.',
  );

  update(stale: boolean | undefined): void {
    const hidden = stale !== true;
    if (this.element.hidden !== hidden) this.element.hidden = hidden;
  }
}
