/**
 * Small building blocks shared by the pages: labelled fields, copy-to-clipboard, empty states, status badges and
 * a pager for server-side paging.
 */
import { h, uid, type Child } from './dom.js';
import { count, statusClass } from './format.js';

/** A labelled control: `<label for>` + the control, with an optional hint tied by `aria-describedby`. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  const id = control.id || uid('f');
  control.id = id;
  let hintNode: HTMLElement | undefined;
  if (hint) {
    hintNode = h('p', { class: 'hint', attrs: { id: `${id}-hint` } }, hint);
    control.setAttribute('aria-describedby', hintNode.id);
  }
  return h('div', { class: 'field' }, h('label', { attrs: { for: id } }, label), control, hintNode);
}

/** Copies text, falling back to selecting it when the clipboard API is unavailable (plain-HTTP origins). */
export async function copyText(text: string, fallback?: HTMLInputElement | HTMLTextAreaElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    fallback?.focus();
    fallback?.select();
    return false;
  }
}

/**
 * A read-only text box in a monospace font with a copy button. `multiline` makes it a box that wraps, for a
 * command longer than a line: the whole of it stays visible and selectable.
 */
export function copyField(label: string, value: string, options: { id?: string; secret?: boolean; multiline?: boolean } = {}): HTMLElement {
  const attrs = { readonly: true, id: options.id, spellcheck: 'false', autocomplete: 'off' };
  const input = options.multiline
    ? h('textarea', { class: 'mono command', attrs: { ...attrs, rows: 3 }, value })
    : h('input', { class: options.secret ? 'mono secret' : 'mono', attrs: { ...attrs, type: 'text' }, value });
  const status = h('span', { class: 'copy-status', attrs: { role: 'status' } });
  const button = h(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button' },
      on: {
        click: async () => {
          const copied = await copyText(value, input);
          status.textContent = copied ? 'Copied.' : 'Selected: press Ctrl+C (⌘C) to copy.';
        },
      },
    },
    // "Copy token", "Copy SCIM URL": lower-case the label unless it starts with an acronym.
    `Copy ${/^[A-Z]{2,}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1)}`,
  );
  return h('div', { class: 'field copy-field' }, h('label', { attrs: { for: input.id || (input.id = uid('copy')) } }, label), h('div', { class: 'row' }, input, button, status));
}

/** A block that says there is nothing here yet and what to do next. */
export function emptyState(title: string, ...next: Child[]): HTMLElement {
  return h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, title), ...next);
}

/** An HTTP status as a coloured badge (colour is never the only signal: the number is the text). */
export function statusBadge(status: number): HTMLElement {
  return h('span', { class: `badge ${statusClass(status)}` }, String(status));
}

/** Active/inactive or any two-state badge. */
export function stateBadge(text: string, good: boolean): HTMLElement {
  return h('span', { class: `badge ${good ? 'ok' : 'muted'}` }, text);
}

/**
 * "1–25 of 1,234" with Previous/Next, for 1-based `startIndex` paging; `go` gets the new start index.
 */
export function pager(startIndex: number, pageSize: number, total: number, shown: number, go: (startIndex: number) => void): HTMLElement {
  const first = total === 0 ? 0 : startIndex;
  const last = startIndex + shown - 1;
  return h(
    'nav',
    { class: 'pager', attrs: { 'aria-label': 'Pages' } },
    h('span', { attrs: { role: 'status' } }, total === 0 ? 'No results' : `${count(first)}–${count(Math.max(first, last))} of ${count(total)}`),
    h('button', { class: 'secondary', attrs: { type: 'button', disabled: startIndex <= 1 }, on: { click: () => go(Math.max(1, startIndex - pageSize)) } }, '← Previous'),
    h('button', { class: 'secondary', attrs: { type: 'button', disabled: last >= total }, on: { click: () => go(startIndex + pageSize) } }, 'Next →'),
  );
}

/** An error message next to a form, announced. */
export function errorText(): HTMLElement {
  return h('p', { class: 'error-text', attrs: { role: 'alert' } });
}

/**
 * A form's submit handler: keeps the page from reloading, clears `error`, runs `action`, and shows what went wrong
 * in `error`, as text.
 */
export function submitting(error: HTMLElement, action: () => Promise<void>): (event: Event) => Promise<void> {
  return async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      await action();
    } catch (e) {
      error.textContent = e instanceof Error ? e.message : String(e);
    }
  };
}

/**
 * A table with a caption (visually hidden when asked) and column headers, in a box that scrolls sideways when the
 * table is wider than the screen, so a phone scrolls the table and not the whole page.
 */
export function table(caption: string, headers: readonly string[], rows: readonly HTMLTableRowElement[], options: { hideCaption?: boolean } = {}): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      null,
      h('caption', { class: options.hideCaption ? 'visually-hidden' : undefined }, caption),
      h('thead', null, h('tr', null, headers.map((text) => h('th', { attrs: { scope: 'col' } }, text)))),
      h('tbody', null, rows),
    ),
  );
}
