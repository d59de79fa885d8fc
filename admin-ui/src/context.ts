/**
 * What every page gets: the API client, the session, the route and a way to tell the administrator something.
 */
import type { Api, Session } from './api.js';
import type { Route } from './route.js';

/** The context a page renders in. */
export interface PageContext {
  readonly api: Api;
  readonly session: Session;
  readonly route: Route;
  /**
   * Shows a short message in the live region (announced to screen readers). It is meant for the page the action
   * leads to: call it before `refresh()` or `navigate()`; the navigation after that one clears it.
   */
  notify(message: string, kind?: 'info' | 'error'): void;
  /** Renders the current route again (after a change). */
  refresh(): void;
}
