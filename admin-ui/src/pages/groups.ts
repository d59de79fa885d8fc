/**
 * A directory's groups: search (starts-with on displayName, or a SCIM filter), member counts, paging.
 */
import type { PageContext } from '../context.js';
import { h } from '../dom.js';
import { count, dateTime } from '../format.js';
import { link, navigate } from '../route.js';
import type { GroupSummary, Page, Tenant } from '../types.js';
import { emptyState, errorText, field, pager, table } from '../widgets.js';

/** Renders the group list. */
export async function groupsPage(ctx: PageContext, tenant: Tenant): Promise<Node> {
  const q = ctx.route.query;
  const mode = q.get('mode') === 'filter' ? 'filter' : 'search';
  const text = q.get('q') ?? '';
  const startIndex = Math.max(1, Number(q.get('start') ?? '1') || 1);
  const pageSize = 25;
  const base = ['t', tenant.id, 'groups'];
  const error = errorText();
  let page: Page<GroupSummary> | undefined;
  try {
    page = await ctx.api.get<Page<GroupSummary>>(`api/tenants/${tenant.id}/groups`, { ...(mode === 'filter' ? { filter: text } : { q: text }), startIndex, count: pageSize });
  } catch (e) {
    error.textContent = e instanceof Error ? e.message : String(e);
  }
  const input = h('input', { attrs: { type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false' }, value: text });
  const modeSelect = h('select', null, h('option', { attrs: { value: 'search', selected: mode === 'search' } }, 'Starts with'), h('option', { attrs: { value: 'filter', selected: mode === 'filter' } }, 'SCIM filter'));
  const form = h(
    'form',
    {
      class: 'toolbar',
      attrs: { role: 'search' },
      on: {
        submit: (event) => {
          event.preventDefault();
          navigate(link(base, { mode: modeSelect.value, q: input.value.trim(), start: 1 }));
        },
      },
    },
    field('Search groups', input, 'Start of a display name, or a SCIM filter'),
    field('Search by', modeSelect),
    h('button', { attrs: { type: 'submit' } }, 'Search'),
  );
  let results: Node = h('div');
  if (page && page.totalResults === 0) {
    results = text
      ? emptyState(`No groups match “${text}”.`)
      : emptyState('No groups yet.', h('p', null, 'Push groups from your identity provider (Okta: Push Groups; Entra ID: assign groups to the application).'));
  } else if (page) {
    const rows = page.items.map((g) =>
      h(
        'tr',
        null,
        h('th', { attrs: { scope: 'row' } }, h('a', { attrs: { href: link(['t', tenant.id, 'groups', g.id]) } }, g.displayName)),
        h('td', { class: 'num' }, count(g.memberCount)),
        h('td', { class: 'mono' }, g.externalId ?? '—'),
        h('td', { class: 'nowrap' }, dateTime(g.lastModified)),
      ),
    );
    results = h(
      'div',
      null,
      table('Groups', ['Display name', 'Members', 'externalId', 'Last modified'], rows, { hideCaption: true }),
      pager(startIndex, pageSize, page.totalResults, page.itemsPerPage, (start) => navigate(link(base, { mode, q: text, start }))),
    );
  }
  return h('div', null, form, error, results);
}
