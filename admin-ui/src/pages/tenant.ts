/**
 * A directory's pages under one heading and tab bar: Overview, Users, Groups, Schemas, Event log, Tokens, Webhooks,
 * Held changes, Settings. The heading and tabs are a shell that stays while the tab's content loads or fails, so
 * navigation never disappears.
 */
import type { PageContext } from '../context.js';
import { h, replaceChildren } from '../dom.js';
import { link } from '../route.js';
import type { Tenant } from '../types.js';
import { eventDetailPage } from './event-detail.js';
import { eventsPage } from './events.js';
import { groupDetailPage } from './group-detail.js';
import { groupsPage } from './groups.js';
import { heldChangesPage } from './held-changes.js';
import { overviewPage } from './overview.js';
import { schemasPage } from './schemas.js';
import { settingsPage } from './settings.js';
import { tokensPage } from './tokens.js';
import { userDetailPage } from './user-detail.js';
import { usersPage } from './users.js';
import { webhookDetailPage } from './webhook-detail.js';
import { webhooksPage } from './webhooks.js';

const TABS: [string, string][] = [
  ['overview', 'Overview'],
  ['users', 'Users'],
  ['groups', 'Groups'],
  ['schemas', 'Schemas'],
  ['events', 'Event log'],
  ['tokens', 'Tokens'],
  ['webhooks', 'Webhooks'],
  ['held', 'Held changes'],
  ['settings', 'Settings'],
];

/** The tab a route segment names; anything unknown is the overview. */
export function tenantTab(segment: string | undefined): { id: string; label: string } {
  const found = TABS.find(([id]) => id === segment) ?? TABS[0]!;
  return { id: found[0], label: found[1] };
}

/** A directory's heading and tabs around a content area. */
export interface TenantShell {
  readonly tenantId: string;
  readonly root: HTMLElement;
  /** Where the current tab's content (or its loading state) goes. */
  readonly content: HTMLElement;
  /** Marks a tab as the current one. */
  select(tab: string): void;
  /** Shows the directory's name and state in the heading, once loaded. */
  show(tenant: Tenant): void;
}

/** Builds the shell of `#/t/<tenant>/…`; until the directory is loaded its heading shows the id. */
export function tenantShell(tenantId: string): TenantShell {
  const heading = h('h1', { attrs: { tabindex: -1 } }, h('span', { class: 'tenant-id mono' }, tenantId));
  const tabLinks = TABS.map(([id, text]) => h('a', { attrs: { href: link(['t', tenantId, id]), 'data-tab': id } }, text));
  const content = h('div', { class: 'tab-content' });
  const root = h(
    'div',
    null,
    h('p', { class: 'crumbs' }, h('a', { attrs: { href: link([]) } }, 'All directories'), ' · ', h('a', { attrs: { href: link(['audit'], { tenant: tenantId }) } }, 'Audit trail of this directory')),
    heading,
    h('nav', { class: 'tabs', attrs: { 'aria-label': 'Directory sections' } }, h('ul', null, tabLinks.map((a) => h('li', null, a)))),
    content,
  );
  return {
    tenantId,
    root,
    content,
    select(tab) {
      for (const a of tabLinks) {
        if (a.dataset.tab === tab) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
    },
    show(tenant) {
      replaceChildren(heading, tenant.name, ' ', h('span', { class: 'tenant-id mono' }, tenant.id), !tenant.enabled ? [' ', h('span', { class: 'badge muted' }, 'disabled')] : null);
    },
  };
}

/** Renders the content of one tab (`itemId`: a user, group or event of that tab). */
export async function tenantContent(ctx: PageContext, tenant: Tenant, tab: string, itemId: string | undefined): Promise<Node> {
  switch (tab) {
    case 'users':
      return itemId ? userDetailPage(ctx, tenant, itemId) : usersPage(ctx, tenant);
    case 'groups':
      return itemId ? groupDetailPage(ctx, tenant, itemId) : groupsPage(ctx, tenant);
    case 'events':
      return itemId ? eventDetailPage(ctx, tenant, itemId) : eventsPage(ctx, tenant);
    case 'schemas':
      return schemasPage(ctx, tenant);
    case 'tokens':
      return tokensPage(ctx, tenant);
    case 'webhooks':
      return itemId ? webhookDetailPage(ctx, tenant, itemId) : webhooksPage(ctx, tenant);
    case 'settings':
      return settingsPage(ctx, tenant);
    case 'held':
      return heldChangesPage(ctx, tenant);
    default:
      return overviewPage(ctx, tenant);
  }
}
