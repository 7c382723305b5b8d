// The settings dialog: the API keys the page uses (src/live/Credentials.ts). It opens from the
// header, and by itself when the gateway refused the credentials (4501 unauthorized, 4502 forbidden).

import { loadCredentials, saveCredentials, type Credentials } from '../live/Credentials';
import { h, setText, uniqueId } from './dom';

export class SettingsDialog {
  readonly element: HTMLDialogElement;
  private readonly viewKey: HTMLInputElement;
  private readonly ingestKey: HTMLInputElement;
  private readonly problem: HTMLElement;

  /** `onSaved` runs after new keys are stored: the connection must start over with them. */
  constructor(private readonly onSaved: (credentials: Credentials) => void) {
    const titleId = uniqueId('settings-title');
    this.viewKey = keyInput();
    this.ingestKey = keyInput();
    this.problem = h('p', { class: 'dialog-problem', role: 'alert', hidden: true });
    const form = h(
      'form',
      { method: 'dialog', class: 'settings-form' },
      h('h2', { id: titleId }, 'Settings'),
      this.problem,
      h(
        'p',
        { class: 'hint' },
        'API keys are kept in this browser only. Leave them empty when the gateway runs in open mode (on this machine, without keys).',
      ),
      field('View key', 'Reads topics and opens the live connection.', this.viewKey),
      field('Ingest key', 'Needed by the score control to change boards.', this.ingestKey),
      h(
        'div',
        { class: 'dialog-buttons' },
        h('button', { type: 'submit', value: 'save', class: 'primary' }, 'Save and reconnect'),
        h('button', { type: 'submit', value: 'cancel', formnovalidate: true }, 'Cancel'),
      ),
    );
    form.addEventListener('submit', (event) => {
      const submitter = event.submitter as HTMLButtonElement | null;
      if (submitter?.value !== 'save') return;
      const credentials: Credentials = {
        ...(this.viewKey.value.trim() ? { viewKey: this.viewKey.value.trim() } : {}),
        ...(this.ingestKey.value.trim() ? { ingestKey: this.ingestKey.value.trim() } : {}),
      };
      try {
        saveCredentials(credentials);
      } catch {
        // storage blocked: the keys cannot outlive this page, but the reconnect below still tries
      }
      this.onSaved(credentials);
    });
    this.element = h('dialog', { class: 'settings-dialog', 'aria-labelledby': titleId }, form);
  }

  /** Opens with the stored keys filled in; `problem` says why it opened by itself. */
  open(problem?: string): void {
    const stored = loadCredentials();
    this.viewKey.value = stored.viewKey ?? '';
    this.ingestKey.value = stored.ingestKey ?? '';
    this.problem.hidden = problem === undefined;
    setText(this.problem, problem ?? '');
    if (!this.element.open) this.element.showModal();
    this.viewKey.focus();
  }
}

function keyInput(): HTMLInputElement {
  return h('input', { type: 'password', autocomplete: 'off', spellcheck: 'false', class: 'key-input' });
}

function field(label: string, hint: string, input: HTMLInputElement): HTMLElement {
  const id = uniqueId('key');
  const hintId = `${id}-hint`;
  input.id = id;
  input.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, h('span', { id: hintId, class: 'hint' }, hint));
}
