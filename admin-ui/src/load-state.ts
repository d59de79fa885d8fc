/**
 * What a page area shows while its data loads and when loading failed. Loading is a visible indicator in place of
 * the content (announced as a status), so a slow answer never leaves the previous page looking current; a failure
 * says what went wrong and offers Retry, inside the directory's tabs when there are any, so navigation stays.
 */
import { ApiError } from './api.js';
import { h } from './dom.js';
import { link } from './route.js';

/** The loading indicator: a spinner (hidden from assistive technology) and the word. */
export function loadingIndicator(): HTMLElement {
  return h('div', { class: 'loading', attrs: { role: 'status' } }, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), 'Loading…');
}

/**
 * A load that failed: a heading (level 1 when it stands alone, 2 inside a directory's tabs), the reason, Retry, and
 * a way back to the list of directories.
 */
export function loadFailed(error: unknown, retry: () => void, level: 'h1' | 'h2'): HTMLElement {
  const missing = error instanceof ApiError && error.status === 404;
  return h(
    'div',
    { class: 'card load-failed' },
    h(level, { attrs: { tabindex: -1 } }, missing ? 'Not found' : 'This page could not be loaded'),
    h('p', { attrs: { role: 'alert' } }, error instanceof Error ? error.message : String(error)),
    h(
      'div',
      { class: 'row' },
      h('button', { attrs: { type: 'button' }, on: { click: () => retry() } }, 'Retry'),
      h('a', { attrs: { href: link([]) } }, 'Back to all directories'),
    ),
  );
}
