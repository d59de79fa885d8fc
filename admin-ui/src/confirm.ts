/**
 * In-page confirmation of destructive actions (no `window.confirm`: it cannot explain consequences well, and a
 * real dialog in the page is reachable by keyboard and screen readers like everything else). Focus starts on
 * Cancel, so a hurried Enter or Space cancels instead of destroying.
 */
import { h, uid } from './dom.js';
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

/**
 * Shows a confirmation panel in `host`, replacing what was there; Cancel or Escape restores it and returns focus
 * to the control that opened the panel.
 */
export function confirmInPlace(host: HTMLElement, options: ConfirmOptions): void {
  const previous = [...host.childNodes];
  const opener = document.activeElement instanceof HTMLElement && host.contains(document.activeElement) ? document.activeElement : undefined;
  const error = errorText();
  const ids = { title: uid('confirm-title'), text: uid('confirm-text') };
  const restore = (): void => {
    host.replaceChildren(...previous);
    (opener && host.contains(opener) ? opener : (host.querySelector('button') as HTMLButtonElement | null))?.focus();
  };
  const input = options.typeToConfirm !== undefined ? h('input', { attrs: { type: 'text', autocomplete: 'off', spellcheck: 'false' } }) : undefined;
  const go = h('button', { class: 'danger', attrs: { type: 'submit', disabled: input !== undefined } }, options.confirmLabel);
  const cancel = h('button', { class: 'secondary', attrs: { type: 'button' }, on: { click: restore } }, 'Cancel');
  input?.addEventListener('input', () => {
    go.disabled = input.value !== options.typeToConfirm;
  });
  const panel = h(
    'form',
    {
      class: 'confirm',
      attrs: { role: 'alertdialog', 'aria-labelledby': ids.title, 'aria-describedby': ids.text },
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
    h('h3', { attrs: { id: ids.title } }, options.title),
    h('p', { attrs: { id: ids.text } }, options.explanation),
    input ? field(`Type “${options.typeToConfirm}” to confirm`, input) : null,
    error,
    h('div', { class: 'row' }, go, cancel),
  );
  host.replaceChildren(panel);
  cancel.focus();
}

/** How a {@link confirmButton} looks: its class (default `danger`) and, for a button in a row, its accessible name. */
export interface ConfirmButtonLook {
  readonly class?: string;
  readonly ariaLabel?: string;
}

/**
 * A button labelled `label` that asks for confirmation in `host` ({@link confirmInPlace}) with the options
 * `options()` gives when it is clicked.
 */
export function confirmButton(host: HTMLElement, label: string, options: () => ConfirmOptions, look: ConfirmButtonLook = {}): HTMLButtonElement {
  return h(
    'button',
    {
      class: look.class ?? 'danger',
      attrs: { type: 'button', ...(look.ariaLabel !== undefined ? { 'aria-label': look.ariaLabel } : {}) },
      on: { click: () => confirmInPlace(host, options()) },
    },
    label,
  );
}
