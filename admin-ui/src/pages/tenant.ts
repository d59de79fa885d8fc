/**
 * A directory's pages under one heading and tab bar: Overview, Users, Groups, Event log, Tokens, Settings.
 */
import type { PageContext } from '../context.js';
import { h } from '../dom.js';
import { link } from '../route.js';
import type { Tenant } from '../types.js';
import { eventDetailPage } from './event-detail.js';
import { eventsPage } from './events.js';
import { groupDetailPage } from './group-detail.js';
import { groupsPage } from './groups.js';
import { overviewPage } from './overview.js';
import { settingsPage } from './settings.js';
import { tokensPage } from './tokens.js';
import { userDetailPage } from './user-detail.js';
import { usersPage } from './users.js';

const TABS: [string, string][] = [
  ['overview', 'Overview'],
  ['users', 'Users'],
  ['groups', 'Groups'],
  ['events', 'Event log'],
  ['tokens', 'Tokens'],
  ['settings', 'Settings'],
];

/** Renders `#/t/<tenant>/<tab>[/<id>]`. */
export async function tenantPage(ctx: PageContext, tenantId: string, tab: string, itemId: string | undefined): Promise<Node> {
  const { tenant } = await ctx.api.get<{ tenant: Tenant }>(`api/tenants/${encodeURIComponent(tenantId)}`);
  let content: Node;
  switch (tab) {
    case 'users':
      content = itemId ? await userDetailPage(ctx, tenant, itemId) : await usersPage(ctx, tenant);
      break;
    case 'groups':
      content = itemId ? await groupDetailPage(ctx, tenant, itemId) : await groupsPage(ctx, tenant);
      break;
    case 'events':
      content = itemId ? await eventDetailPage(ctx, tenant, itemId) : await eventsPage(ctx, tenant);
      break;
    case 'tokens':
      content = await tokensPage(ctx, tenant);
      break;
    case 'settings':
      content = await settingsPage(ctx, tenant);
      break;
    default:
      content = await overviewPage(ctx, tenant);
      tab = 'overview';
  }
  const label = TABS.find(([id]) => id === tab)?.[1] ?? '';
  document.title = `${label} · ${tenant.name} · SCIM directory admin`;
  return h(
    'div',
    null,
    h('p', { class: 'crumbs' }, h('a', { attrs: { href: link([]) } }, 'All directories')),
    h('h1', { attrs: { tabindex: -1 } }, tenant.name, ' ', h('span', { class: 'tenant-id mono' }, tenant.id), !tenant.enabled ? h('span', { class: 'badge muted' }, 'disabled') : null),
    h(
      'nav',
      { class: 'tabs', attrs: { 'aria-label': 'Directory sections' } },
      h(
        'ul',
        null,
        TABS.map(([id, text]) => h('li', null, h('a', { attrs: { href: link(['t', tenant.id, id]), 'aria-current': id === tab ? 'page' : undefined } }, text))),
      ),
    ),
    h('div', { class: 'tab-content' }, content),
  );
}
