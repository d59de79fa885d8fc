/**
 * A directory's users: search (starts-with over userName, names and emails, or a raw SCIM filter), sort, and
 * server-side paging. The search lives in the URL, so Back and bookmarks work and a million users stay a query.
 */
import type { PageContext } from '../context.js';
import { h } from '../dom.js';
import { dateTime } from '../format.js';
import { link, navigate } from '../route.js';
import type { Page, Tenant, UserSummary } from '../types.js';
import { emptyState, errorText, field, pager, stateBadge, table } from '../widgets.js';

const SORTS: [string, string][] = [
  ['userName', 'userName'],
  ['displayName', 'Display name'],
  ['familyName', 'Family name'],
  ['created', 'Created'],
  ['lastModified', 'Last modified'],
];

/** Renders the user list. */
export async function usersPage(ctx: PageContext, tenant: Tenant): Promise<Node> {
  const q = ctx.route.query;
  const mode = q.get('mode') === 'filter' ? 'filter' : 'search';
  const text = q.get('q') ?? '';
  const sortBy = q.get('sortBy') ?? 'userName';
  const sortOrder = q.get('sortOrder') === 'descending' ? 'descending' : 'ascending';
  const startIndex = Math.max(1, Number(q.get('start') ?? '1') || 1);
  const pageSize = [25, 50, 100, 200].includes(Number(q.get('count'))) ? Number(q.get('count')) : 25;
  const base = ['t', tenant.id, 'users'];
  const go = (changes: Record<string, string | number | undefined>): void =>
    navigate(link(base, { mode, q: text, sortBy, sortOrder, count: pageSize, start: startIndex, ...changes }));

  const error = errorText();
  let page: Page<UserSummary> | undefined;
  try {
    page = await ctx.api.get<Page<UserSummary>>(`api/tenants/${tenant.id}/users`, {
      ...(mode === 'filter' ? { filter: text } : { q: text }),
      sortBy,
      sortOrder,
      startIndex,
      count: pageSize,
    });
  } catch (e) {
    error.textContent = e instanceof Error ? e.message : String(e);
  }

  const input = h('input', { attrs: { type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false' }, value: text });
  const modeSelect = h('select', null, h('option', { attrs: { value: 'search', selected: mode === 'search' } }, 'Starts with'), h('option', { attrs: { value: 'filter', selected: mode === 'filter' } }, 'SCIM filter'));
  const sortSelect = h('select', null, SORTS.map(([value, label]) => h('option', { attrs: { value, selected: value === sortBy } }, label)));
  const orderSelect = h('select', null, h('option', { attrs: { value: 'ascending', selected: sortOrder === 'ascending' } }, 'Ascending'), h('option', { attrs: { value: 'descending', selected: sortOrder === 'descending' } }, 'Descending'));
  const sizeSelect = h('select', null, [25, 50, 100, 200].map((n) => h('option', { attrs: { value: n, selected: n === pageSize } }, String(n))));
  const form = h(
    'form',
    {
      class: 'toolbar',
      attrs: { role: 'search' },
      on: {
        submit: (event) => {
          event.preventDefault();
          navigate(link(base, { mode: modeSelect.value, q: input.value.trim(), sortBy: sortSelect.value, sortOrder: orderSelect.value, count: sizeSelect.value, start: 1 }));
        },
      },
    },
    field('Search users', input, mode === 'filter' ? 'A SCIM filter, e.g. emails[type eq "work" and value ew "@example.com"], active eq false, or an extension attribute with its schema URN: urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"' : 'Start of a userName, given or family name, display name or email'),
    field('Search by', modeSelect),
    field('Sort by', sortSelect),
    field('Order', orderSelect),
    field('Per page', sizeSelect),
    h('button', { attrs: { type: 'submit' } }, 'Search'),
  );

  let results: Node;
  if (!page) results = h('div');
  else if (page.totalResults === 0 && !text) {
    results = emptyState(
      'No users yet.',
      h('p', null, 'Assign users to the application in your identity provider and start provisioning. If it says it has provisioned, read the ', h('a', { attrs: { href: link(['t', tenant.id, 'events']) } }, 'event log'), '.'),
    );
  } else if (page.totalResults === 0) {
    results = emptyState(`No users match “${text}”.`);
  } else {
    const rows = page.items.map((u) =>
      h(
        'tr',
        null,
        h('th', { attrs: { scope: 'row' } }, h('a', { attrs: { href: link(['t', tenant.id, 'users', u.id]) } }, u.userName)),
        h('td', null, u.displayName ?? u.name ?? '—'),
        h('td', null, u.email ?? '—'),
        h('td', null, stateBadge(u.active ? 'active' : 'inactive', u.active)),
        h('td', { class: 'nowrap' }, dateTime(u.lastModified)),
      ),
    );
    results = h(
      'div',
      null,
      table('Users', ['userName', 'Name', 'Email', 'State', 'Last modified'], rows, { hideCaption: true }),
      pager(startIndex, pageSize, page.totalResults, page.itemsPerPage, (start) => go({ start })),
    );
  }
  return h('div', null, form, error, results);
}
