/**
 * The one time a token is visible: a panel with the token, a copy button and a clear warning. After it is
 * dismissed (or the page is left) the token is gone for good; the server keeps only a digest.
 */
import { h } from './dom.js';
import { copyField } from './widgets.js';

/** The token-once panel. `done` runs when the administrator confirms they copied it. */
export function tokenPanel(token: string, options: { scimUrl?: string; title?: string; done: () => void }): HTMLElement {
  const panel = h(
    'section',
    { class: 'token-panel', attrs: { 'aria-labelledby': 'token-title', tabindex: -1 } },
    h('h2', { attrs: { id: 'token-title' } }, options.title ?? 'Copy the token now'),
    h(
      'p',
      { class: 'warning', attrs: { role: 'alert' } },
      'This token is shown only this once. Copy it into your identity provider now; it is stored only as a digest and cannot be shown again. If you lose it, issue a new one.',
    ),
    options.scimUrl ? copyField('SCIM URL', options.scimUrl, { id: 'new-scim-url' }) : null,
    copyField('Token', token, { id: 'new-token', secret: true }),
    h('button', { attrs: { type: 'button' }, on: { click: () => options.done() } }, 'I have copied the token'),
  );
  queueMicrotask(() => panel.focus());
  return panel;
}
