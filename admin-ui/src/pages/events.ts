/**
 * The event log: the identity provider's recent requests, newest first, filtered by outcome, resource and
 * method; older pages by keyset ("Older requests"), so paging never skips or repeats while requests arrive.
 */
import type { PageContext } from '../context.js';
import { h } from '../dom.js';
import { count, credentialLabel, dateTime } from '../format.js';
import { link, navigate } from '../route.js';
import type { EventList, EventSummary, Tenant } from '../types.js';
import { emptyState, field, statusBadge, table } from '../widgets.js';

function select(name: string, value: string, options: [string, string][]): HTMLSelectElement {
  return h('select', { attrs: { name } }, options.map(([v, label]) => h('option', { attrs: { value: v, selected: v === value } }, label)));
}

function decodeQuery(query: string | null): string {
  if (!query) return '';
  try {
    return `?${decodeURIComponent(query.replace(/\+/g, ' '))}`;
  } catch {
    return `?${query}`;
  }
}

/**
 * Who or what a request was about: the user's or group's name, else its id, linked to it while it may still exist.
 */
export function eventResource(tenant: Tenant, e: EventSummary): Node | string {
  if (!e.resourceName && !e.resourceId) return '—';
  const label = e.resourceName ?? e.resourceId ?? '';
  // Not broken anywhere: in the list the column takes the name's width and the table scrolls on a phone.
  const text = h('span', { class: e.resourceName ? undefined : 'mono' }, label);
  const tab = e.resourceType === 'Users' ? 'users' : e.resourceType === 'Groups' ? 'groups' : undefined;
  if (!tab || !e.resourceId || e.method === 'DELETE' || e.status >= 400) return text;
  return h('a', { attrs: { href: link(['t', tenant.id, tab, e.resourceId]) } }, text);
}

/** Renders the event log. */
export async function eventsPage(ctx: PageContext, tenant: Tenant): Promise<Node> {
  const q = ctx.route.query;
  const filters = { status: q.get('status') ?? '', resource: q.get('resource') ?? '', method: q.get('method') ?? '', resourceId: q.get('resourceId') ?? '' };
  const before = q.get('before') ?? '';
  const list = await ctx.api.get<EventList>(`api/tenants/${tenant.id}/events`, { ...filters, before, count: 50 });
  const base = ['t', tenant.id, 'events'];
  const status = select('status', filters.status, [
    ['', 'All outcomes'],
    ['error', 'Errors (4xx and 5xx)'],
    ['2xx', 'Success (2xx)'],
    ['4xx', 'Client errors (4xx)'],
    ['5xx', 'Server errors (5xx)'],
  ]);
  const resource = select('resource', filters.resource, [
    ['', 'All resources'],
    ['Users', 'Users'],
    ['Groups', 'Groups'],
    ['other', 'Other (discovery, Bulk, …)'],
  ]);
  const method = select('method', filters.method, [['', 'All methods'], ...['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m): [string, string] => [m, m])]);
  const form = h(
    'form',
    {
      class: 'toolbar',
      on: {
        submit: (event) => {
          event.preventDefault();
          navigate(link(base, { status: status.value, resource: resource.value, method: method.value, resourceId: filters.resourceId }));
        },
      },
    },
    field('Outcome', status),
    field('Resource', resource),
    field('Method', method),
    h('button', { attrs: { type: 'submit' } }, 'Filter'),
    h('button', { class: 'secondary', attrs: { type: 'button' }, on: { click: () => ctx.refresh() } }, 'Refresh'),
  );
  const filtered = Object.values(filters).some(Boolean);
  let body: Node;
  if (list.events.length === 0) {
    body = filtered || before
      ? emptyState('No requests match these filters.', h('p', null, h('a', { attrs: { href: link(base) } }, 'Show all requests')))
      : emptyState(
          'No requests yet.',
          h(
            'p',
            null,
            'Every request that reaches this directory is recorded here, also those with a wrong token — so an empty log means none arrived. Check in the identity provider that the SCIM URL is exactly the one on the Overview, that users are assigned to the application and provisioning is on, and read the identity provider’s provisioning log. The connection check on the Overview shows where requests stop.',
          ),
        );
  } else {
    const rows = list.events.map((e) =>
      h(
        'tr',
        { class: e.status >= 400 ? 'failed' : undefined },
        h('td', { class: 'nowrap' }, h('a', { attrs: { href: link([...base, e.id]) } }, dateTime(e.at))),
        h('td', { class: 'mono wrap request' }, `${e.method} ${e.path}${decodeQuery(e.query)}`),
        h('td', { class: 'resource' }, eventResource(tenant, e)),
        h('td', null, statusBadge(e.status)),
        h('td', { class: 'num' }, `${e.durationMs.toFixed(1)} ms`),
        h('td', null, e.provider ?? e.userAgent ?? '—', e.credentialName ? h('div', { class: 'hint' }, credentialLabel(e.credentialName, e.credentialKind)) : null),
      ),
    );
    const oldest = list.events[list.events.length - 1];
    body = h(
      'div',
      null,
      table('Recent SCIM requests', ['Time', 'Request', 'About', 'Status', 'Duration', 'Client'], rows, { hideCaption: true }),
      h(
        'nav',
        { class: 'pager', attrs: { 'aria-label': 'Pages' } },
        h('span', { attrs: { role: 'status' } }, `${count(list.totalResults)} matching requests kept (the log keeps the last ${count(list.eventLogSize)})`),
        before ? h('a', { class: 'button secondary', attrs: { href: link(base, filters) } }, 'Newest') : null,
        list.events.length === 50 && oldest ? h('a', { class: 'button secondary', attrs: { href: link(base, { ...filters, before: oldest.id }) } }, 'Older requests →') : null,
      ),
    );
  }
  return h('div', null, filters.resourceId ? h('p', null, `Showing requests about resource ${filters.resourceId}. `, h('a', { attrs: { href: link(base) } }, 'Show all')) : null, form, body);
}
