/**
 * In-page confirmation of destructive actions (no `window.confirm`: it cannot explain consequences well, and a
 * real dialog in the page is reachable by keyboard and screen readers like everything else).
 */
import { h } from './dom.js';
import { errorText, field } from './widgets.js';

/** Options of a confirmation panel. */
export interface ConfirmOptions {
  readonly title: string;
  readonly explanation: string;
  readonly confirmLabel: string;
  /** When set, the administrator must type this text to enable the button. */
  readonly typeToConfirm?: string;
  /** Runs the action; a thrown error is shown in the panel. */
  readonly action: () => Promise<void>;
}

/** Shows a confirmation panel in `host`, replacing what was there; Cancel or Escape restores it. */
export function confirmInPlace(host: HTMLElement, options: ConfirmOptions): void {
  const previous = [...host.childNodes];
  const error = errorText();
  const restore = (): void => {
    host.replaceChildren(...previous);
    (host.querySelector('button') as HTMLButtonElement | null)?.focus();
  };
  const input = options.typeToConfirm !== undefined ? h('input', { attrs: { type: 'text', autocomplete: 'off', spellcheck: 'false' } }) : undefined;
  const go = h('button', { class: 'danger', attrs: { type: 'submit', disabled: input !== undefined } }, options.confirmLabel);
  input?.addEventListener('input', () => {
    go.disabled = input.value !== options.typeToConfirm;
  });
  const panel = h(
    'form',
    {
      class: 'confirm',
      attrs: { role: 'alertdialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      on: {
        submit: async (event) => {
          event.preventDefault();
          go.disabled = true;
          error.textContent = '';
          try {
            await options.action();
          } catch (e) {
            error.textContent = e instanceof Error ? e.message : String(e);
            go.disabled = false;
          }
        },
        keydown: (event) => {
          if (event.key === 'Escape') restore();
        },
      },
    },
    h('h3', { attrs: { id: 'confirm-title' } }, options.title),
    h('p', { attrs: { id: 'confirm-text' } }, options.explanation),
    input ? field(`Type “${options.typeToConfirm}” to confirm`, input) : null,
    error,
    h('div', { class: 'row' }, go, h('button', { class: 'secondary', attrs: { type: 'button' }, on: { click: restore } }, 'Cancel')),
  );
  host.replaceChildren(panel);
  (input ?? go).focus();
}
